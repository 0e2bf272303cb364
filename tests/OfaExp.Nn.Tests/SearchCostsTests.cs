using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Search;

namespace OfaExp.Nn.Tests;

/// <summary>The search's additive FLOPs table must give exactly what NetworkCost counts, for every OFAv2 variant.</summary>
public class SearchCostsTests
{
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    [Theory]
    [MemberData(nameof(VariantNetworkTests.Variants), MemberType = typeof(VariantNetworkTests))]
    public void The_flops_table_sums_to_network_cost_for_random_subnets(SupernetExits exits, SupernetBlocks blocks)
    {
        var spec = Presets.TinyElastic with { Exits = exits, Blocks = blocks };
        var table = SearchCosts.Flops(spec, Fashion);
        var space = new SubnetSpace(spec);
        foreach (var config in new[] { space.Max, space.Min }.Concat(Enumerable.Range(0, 40).Select(i => space.Sample((ulong)i))))
        {
            Assert.Equal(NetworkCost.Of(spec, Fashion, config).MFlops, table.Cost(config), 9);
        }

        // With early exits the cheapest subnet need not classify at exit 1 (an early head on a large feature map can
        // cost more than a later one), and with parallel blocks a one-branch position is cheapest as the transformation
        // branch, not the MBConv; OFA's own spaces have their extremes at the uniform min and max.
        Assert.All(Enumerable.Range(0, 200).Select(i => table.Cost(space.Sample((ulong)(100 + i)))), c => Assert.InRange(c, table.MinCost - 1e-12, table.MaxCost + 1e-12));
        if (exits == SupernetExits.Single && !spec.HasParallelBlocks)
        {
            Assert.Equal(NetworkCost.Of(spec, Fashion, space.Min).MFlops, table.MinCost, 9);
            Assert.Equal(NetworkCost.Of(spec, Fashion, space.Max).MFlops, table.MaxCost, 9);
        }
    }
}
