using System.Text;
using OfaExp.Core.Seeding;
using OfaExp.Core.Subnets;

namespace OfaExp.Search.Tests;

public sealed class CostTableTests
{
    [Fact]
    public void Cost_is_base_plus_the_active_branches_plus_the_head()
    {
        var space = Fixtures.TinySpace;
        var t = Fixtures.RandomTable(space, 1);

        // r28 (index 1); stage 0 depth 2: slot 0 k5 e6, slot 1 k3 e3; stage 1 depth 1: slot 2 k5 e3; slot 3 skipped.
        var config = SubnetConfig.Parse("r28-d2,1-k5,3,5,5-e6,3,3,6");
        var expected = t.Base(1) + t.Block(1, 0, 1, 1) + t.Block(1, 1, 0, 0) + t.Block(1, 2, 1, 0) + t.Head(1, 0);
        Assert.Equal(expected, t.Cost(config), 12);
    }

    [Fact]
    public void Parallel_branches_count_by_mask_bit_and_skipped_slots_count_nothing()
    {
        var space = Fixtures.EeDpSpace;
        var t = Fixtures.RandomTable(space, 2);
        var genes = new byte[space.GeneCount]; // smallest everything, mask 1, exit 1
        var slot0 = space.MaskGene(0);
        var baseCost = t.Cost(genes);
        genes[slot0] = (byte)space.Masks.ToList().IndexOf(7);
        Assert.Equal(baseCost + t.Conv1x1(0, 0) + t.Transform(0, 0), t.Cost(genes), 12);
        genes[slot0] = (byte)space.Masks.ToList().IndexOf(6);
        Assert.Equal(baseCost - t.Block(0, 0, 0, 0) + t.Conv1x1(0, 0) + t.Transform(0, 0), t.Cost(genes), 12);

        // Slots after the exit (stage 2 on) and beyond the depth (index 2, 3 in stage 0) do not change the cost.
        var rng = new SplitMix64(5);
        var before = t.Cost(genes);
        for (var slot = 2; slot < space.Slots; slot++)
        {
            genes[space.KernelGene(slot)] = (byte)rng.NextInt(3);
            genes[space.ExpandGene(slot)] = (byte)rng.NextInt(3);
            genes[space.MaskGene(slot)] = (byte)rng.NextInt(7);
        }

        for (var s = 1; s < space.Stages; s++)
        {
            genes[space.DepthGene(s)] = (byte)rng.NextInt(3);
        }

        Assert.Equal(before, t.Cost(genes));
    }

    [Fact]
    public void Min_and_max_are_exact()
    {
        var space = Fixtures.TinySpace;
        var t = Fixtures.RandomTable(space, 3);
        var costs = Fixtures.All(space).Select(g => t.Cost(g)).ToList();
        Assert.Equal(costs.Min(), t.MinCost, 12);
        Assert.Equal(costs.Max(), t.MaxCost, 12);
    }

    [Fact]
    public void Bytes_round_trip_exactly_and_deterministically()
    {
        var t = Fixtures.RandomTable(Fixtures.EeDpSpace, 4);
        var bytes = t.ToBytes();
        var back = CostTable.FromBytes(bytes);
        Assert.Equal(bytes, back.ToBytes());
        Assert.Equal(t.Space, back.Space);
        var rng = new SplitMix64(9);
        for (var i = 0; i < 50; i++)
        {
            var g = t.Space.Sample(ref rng);
            Assert.Equal(t.Cost(g), back.Cost(g));
        }

        var bench = SearchBenchmark.Costs(SearchBenchmark.Space());
        Assert.Equal(bench.MaxCost, CostTable.FromBytes(bench.ToBytes()).MaxCost);
    }

    [Fact]
    public void Bad_bytes_are_a_format_error()
    {
        var bytes = Fixtures.RandomTable(Fixtures.TinySpace, 5).ToBytes();
        Assert.Throws<FormatException>(() => CostTable.FromBytes(bytes[..(bytes.Length / 2)]));
        Assert.Throws<FormatException>(() => CostTable.FromBytes(Encoding.UTF8.GetBytes("{\"format\":\"other\"}")));
        var text = Encoding.UTF8.GetString(bytes).Replace("\"head\":[[", "\"head\":[[1,", StringComparison.Ordinal);
        var ex = Assert.Throws<FormatException>(() => CostTable.FromBytes(Encoding.UTF8.GetBytes(text)));
        Assert.Contains("Head", ex.Message, StringComparison.Ordinal);
    }
}
