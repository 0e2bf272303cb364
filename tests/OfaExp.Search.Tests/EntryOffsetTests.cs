using OfaExp.Core.Costs;
using OfaExp.Core.Seeding;
using OfaExp.Core.Subnets;

namespace OfaExp.Search.Tests;

public sealed class EntryOffsetTests
{
    private static readonly SubnetSpace Subnets = new(Fixtures.Tiny);

    /// <summary>Random entries of 1 to 10 ms at each resolution of the tiny space.</summary>
    private static List<CostParts> RandomParts(ulong seed)
    {
        var rng = new SplitMix64(seed);
        var space = Fixtures.TinySpace;
        double Next() => 1 + (rng.NextDouble() * 9);
        return [.. space.Resolutions.Select(_ => new CostParts(
            Next(),
            [.. Enumerable.Range(0, space.Slots).Select(_ => space.Kernels.Select(_ => space.Expands.Select(_ => Next()).ToArray()).ToArray())],
            [.. Enumerable.Range(0, space.Slots).Select(_ => Next())],
            [.. Enumerable.Range(0, space.Slots).Select(_ => Next())],
            [.. Enumerable.Range(0, space.Stages).Select(_ => Next())]))]; // heads by stage, as measured
    }

    [Fact]
    public void A_table_that_overstates_by_a_constant_per_block_and_head_gets_that_constant_back()
    {
        var parts = RandomParts(1);
        var table = SearchCosts.FromParts(Fixtures.TinySpace, "ms", parts);
        var configs = Enumerable.Range(0, 8).Select(i => Subnets.Sample((ulong)i + 100)).ToList();
        // Whole networks cost 0.25 ms less per block and head than the table's sum; the stem's entry is exact.
        var measured = configs.Select(c => table.Cost(c) - (0.25 * (c.Depths.Sum() + 1))).ToList();

        var offset = EntryOffset.Fit(Fixtures.TinySpace, parts, configs, measured);
        var corrected = SearchCosts.FromParts(Fixtures.TinySpace, "ms", EntryOffset.Apply(parts, offset));

        Assert.Equal(0.25, offset, 12);
        Assert.All(configs.Zip(measured), p => Assert.Equal(p.Second, corrected.Cost(p.First), 9));
        // Subnets it was not fitted on move by the same rule.
        var other = Subnets.Sample(7);
        Assert.Equal(table.Cost(other) - (0.25 * (other.Depths.Sum() + 1)), corrected.Cost(other), 9);
    }

    [Fact]
    public void The_stem_is_kept_entries_are_floored_at_zero_and_a_negative_offset_adds()
    {
        var parts = RandomParts(2);

        var floored = EntryOffset.Apply(parts, 100);
        var raised = EntryOffset.Apply(parts, -0.5);

        Assert.Equal(parts.Select(p => p.Base), floored.Select(p => p.Base));
        Assert.All(floored, p => Assert.All(p.Block.SelectMany(s => s).SelectMany(k => k).Concat(p.Heads), v => Assert.Equal(0, v)));
        Assert.Equal(parts[0].Block[1][0][1] + 0.5, raised[0].Block[1][0][1], 12);
        Assert.Equal(parts[1].Heads[^1] + 0.5, raised[1].Heads[^1], 12);
    }

    [Fact]
    public void Fit_refuses_timings_that_do_not_pair_with_the_subnets()
    {
        var parts = RandomParts(3);
        var configs = new[] { Subnets.Sample(1), Subnets.Sample(2) };

        Assert.Throws<ArgumentException>(() => EntryOffset.Fit(Fixtures.TinySpace, parts, configs, [1.0]));
        Assert.Throws<ArgumentException>(() => EntryOffset.Fit(Fixtures.TinySpace, parts, [], []));
    }
}
