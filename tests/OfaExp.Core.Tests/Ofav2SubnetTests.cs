using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;

namespace OfaExp.Core.Tests;

/// <summary>OFAv2's subnet dimensions: the exit stage and the branch mask of every parallel block position.</summary>
public sealed class Ofav2SubnetTests
{
    private static readonly SupernetSpec Ofa = new(
        "ofa_mbv3", 1.0, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [24, 28], 0.1, 0.1, 1e-5);

    private static readonly SubnetSpace EeDp = new(Ofa with { Exits = SupernetExits.Early, Blocks = SupernetBlocks.DenseParallel });

    [Fact]
    public void Variants_have_the_levels_and_exits_they_open()
    {
        Assert.Equal("SE_B", Ofa.Variant);
        Assert.Equal([1], new SubnetSpace(Ofa).Levels);
        Assert.Equal([5], new SubnetSpace(Ofa).Exits);
        Assert.Equal([1, 2, 3], EeDp.Levels);
        Assert.Equal([1, 2, 3, 4, 5], EeDp.Exits);
        Assert.Equal(SubnetConfig.AllBranches, EeDp.Max.Branches[0]);
        Assert.Equal(5, EeDp.Max.Exit);
        Assert.Equal((1, 1), (EeDp.Min.Branches[0], EeDp.Min.Exit));
    }

    [Fact]
    public void Branch_patterns_are_drawn_uniformly_over_every_pattern_the_allowed_levels_admit()
    {
        var choices = new SubnetChoices([3, 5, 7], [3, 4, 6], [2, 3, 4], [28], Levels: [2, 3]);
        var counts = new Dictionary<int, int>();
        for (ulong seed = 0; seed < 2000; seed++)
        {
            foreach (var mask in EeDp.Sample(seed, choices).Branches)
            {
                counts[mask] = counts.GetValueOrDefault(mask) + 1;
            }
        }

        // Level 2 admits 3 patterns (011, 101, 110) and level 3 one (111): each should be a quarter of the draws.
        // Drawing a level first gave 111 half of them. The seeds are fixed, so the counts are too.
        Assert.Equal([3, 5, 6, 7], counts.Keys.Order());
        var total = counts.Values.Sum();
        Assert.All(counts.Values, c => Assert.InRange((double)c / total, 0.23, 0.27));
    }

    [Fact]
    public void Ofa_subnets_print_and_sample_as_before_the_new_dimensions()
    {
        var space = new SubnetSpace(Ofa);
        var config = space.Sample(42);
        Assert.True(config.MbConvOnly);
        Assert.Equal(5, config.Exit);
        Assert.Matches("^r[0-9]+-d[0-9,]+-k[0-9,]+-e[0-9,]+$", config.ToString());

        // The new draws come after OFA's, so an EE_DP sample has the same kernels, expands, depths and resolution.
        var v2 = EeDp.Sample(42);
        Assert.Equal(config.Kernels, v2.Kernels);
        Assert.Equal(config.Expands, v2.Expands);
        Assert.Equal(config.Depths, v2.Depths);
        Assert.Equal(config.Resolution, v2.Resolution);
    }

    [Fact]
    public void Exit_and_branches_round_trip_and_skipped_parts_normalise()
    {
        for (ulong seed = 0; seed < 50; seed++)
        {
            var config = EeDp.Sample(SeedDerivation.Derive(3, "v2", (int)seed));
            var parsed = SubnetConfig.Parse(config.ToString());
            Assert.Equal(config.ToString(), parsed.ToString());
            Assert.True(parsed.SameNetwork(config));
            Assert.True(EeDp.Contains(parsed));
        }

        // Stages after the exit do not run: what they hold does not change the network.
        var a = EeDp.Uniform(5, 4, 3, 28, level: 2, exit: 2);
        var other = new SubnetConfig(a.Kernels.Select((k, i) => i >= 8 ? 3 : k), a.Expands, [3, 3, 2, 2, 4], 28, 2, a.Branches.Select((b, i) => i >= 8 ? 1 : b));
        Assert.True(a.SameNetwork(other));
        Assert.Equal(a.ToString(), other.ToString());
        Assert.Contains("-x2-b3,", a.ToString(), StringComparison.Ordinal);
        Assert.False(a.SameNetwork(a.WithExit(3)));
    }

    [Theory]
    [InlineData("r28-d1-k3-e3-x2")]
    [InlineData("r28-d1-k3-e3-x0")]
    [InlineData("r28-d1-k3-e3-b8")]
    [InlineData("r28-d1-k3-e3-b1,1")]
    [InlineData("r28-d1-k3-e3-b7-x1")]
    [InlineData("r28-d1-k3-e3-q1")]
    public void Malformed_exit_or_branch_parts_are_rejected(string text) =>
        Assert.Contains("subnet config", Assert.Throws<FormatException>(() => SubnetConfig.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void Level_sampling_draws_patterns_with_the_chosen_branch_counts()
    {
        var choices = EeDp.All.WithLevels(2).WithExits(4, 5);
        var samples = Enumerable.Range(0, 100).Select(i => EeDp.Sample((ulong)i, choices)).ToList();
        Assert.All(samples, s => Assert.All(s.Branches, b => Assert.Contains(b, new[] { 3, 5, 6 })));
        Assert.Equal([3, 5, 6], samples.SelectMany(s => s.Branches).Distinct().Order());
        Assert.Equal([4, 5], samples.Select(s => s.Exit).Distinct().Order());

        // An OFA supernet has no branches to choose from.
        Assert.Throws<ArgumentException>(() => new SubnetSpace(Ofa).Sample(1, new SubnetSpace(Ofa).All.WithLevels(2)));
        Assert.Throws<ArgumentException>(() => new SubnetSpace(Ofa).Sample(1, new SubnetSpace(Ofa).All.WithExits(3)));
        Assert.False(new SubnetSpace(Ofa).Contains(EeDp.Max));
    }
}
