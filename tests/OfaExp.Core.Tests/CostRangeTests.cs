using OfaExp.Core.Costs;
using OfaExp.Core.Errors;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;

namespace OfaExp.Core.Tests;

/// <summary>The torch-free cost model: FLOPs counted from the spec alone, and the target range planning checks.</summary>
public sealed class CostRangeTests
{
    private static readonly SupernetSpec Ofa = new(
        "ofa_mbv3", 1.0, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [24, 28], 0.1, 0.1, 1e-5);

    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    [Fact]
    public void Targets_inside_the_range_bounds_included_pass()
    {
        var range = new CostRange(2.5, 40.25, EfficiencyTarget.FlopsUnit);

        range.Check([new EfficiencyTarget(2.5, EfficiencyKind.Flops), new EfficiencyTarget(10, EfficiencyKind.Flops), new EfficiencyTarget(40.25, EfficiencyKind.Flops)]);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(41.0)]
    public void A_target_outside_the_range_is_bad_input_naming_it_and_the_range(double value)
    {
        var range = new CostRange(2.5, 40.25, EfficiencyTarget.FlopsUnit);

        var e = Assert.Throws<OfaExpException>(() => range.Check([new EfficiencyTarget(10, EfficiencyKind.Flops), new EfficiencyTarget(value, EfficiencyKind.Flops)]));

        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Equal(
            $"Search target {value:R}MFLOPs is outside what the space can reach: its subnets cost 2.5 to 40.25 MFLOPs. Choose targets in that range.",
            e.Message);
    }

    [Fact]
    public void Network_cost_needs_no_torch_and_the_parts_add_up_to_it()
    {
        var space = new SubnetSpace(Ofa);
        var (min, max) = (NetworkCost.Of(Ofa, Fashion, space.Min), NetworkCost.Of(Ofa, Fashion, space.Max));
        Assert.InRange(min.Flops, 1, max.Flops - 1);
        Assert.InRange(min.Parameters, 1, max.Parameters - 1);

        // The uniform max at its resolution: base, every slot's largest MBConv, the last head.
        var parts = NetworkCost.PartsOf(Ofa, Fashion, space.Max.Resolution);
        var sum = parts.Base + parts.Block.Sum(slot => slot[^1][^1]) + parts.Heads[^1];
        Assert.Equal(max.MFlops, sum, 9);
    }
}
