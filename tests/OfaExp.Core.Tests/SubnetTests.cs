using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;

namespace OfaExp.Core.Tests;

public sealed class SubnetTests
{
    private static readonly SupernetSpec Paper = new(
        "ofa_mbv3", 1.0, 2, [2, 2, 2, 1, 2], [7, 3, 5], [3, 4, 6], [2, 3, 4], [28, 24, 32], 0.1, 0.1, 1e-5);

    private static readonly SubnetSpace Space = new(Paper);

    [Fact]
    public void Space_reads_the_supernet_spec_with_sorted_choices()
    {
        Assert.Equal((5, 4, 20), (Space.Stages, Space.BlocksPerStage, Space.Slots));
        Assert.Equal([3, 5, 7], Space.All.Kernels);
        Assert.Equal([24, 28, 32], Space.All.Resolutions);
        Assert.Equal("r32-d4,4,4,4,4-k" + string.Join(",", Enumerable.Repeat(7, 20)) + "-e" + string.Join(",", Enumerable.Repeat(6, 20)), Space.Max.ToString());
        Assert.Equal([2, 2, 2, 2, 2], Space.Min.Depths);
        Assert.All(Space.Min.Kernels, k => Assert.Equal(3, k));
        Assert.Equal(24, Space.Min.Resolution);
    }

    [Fact]
    public void Equality_is_by_value()
    {
        var a = Space.Sample(7);
        var b = new SubnetConfig([.. a.Kernels], [.. a.Expands], [.. a.Depths], a.Resolution);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, a.WithResolution(a.Resolution == 28 ? 32 : 28));
        Assert.NotEqual(Space.Max, Space.Min);
    }

    [Fact]
    public void Canonical_string_round_trips_and_ignores_skipped_slots()
    {
        for (ulong seed = 0; seed < 50; seed++)
        {
            var config = Space.Sample(seed);
            var text = config.ToString();
            var parsed = SubnetConfig.Parse(text);

            Assert.Equal(text, parsed.ToString());
            Assert.True(parsed.SameNetwork(config));
            Assert.Equal(config.Normalized(), parsed);
            Assert.True(Space.Contains(parsed));
        }

        // Stage 0 at depth 2: slots 2 and 3 are skipped, whatever they hold.
        var kernels = Enumerable.Repeat(5, 20).ToArray();
        var other = kernels.ToArray();
        other[2] = 3;
        other[3] = 7;
        var expands = Enumerable.Repeat(4, 20).ToArray();
        var a = new SubnetConfig(kernels, expands, [2, 4, 4, 4, 4], 28);
        var b = new SubnetConfig(other, expands, [2, 4, 4, 4, 4], 28);
        var c = new SubnetConfig(other, expands, [3, 4, 4, 4, 4], 28);

        Assert.NotEqual(a, b);
        Assert.Equal(a.ToString(), b.ToString());
        Assert.True(a.SameNetwork(b));
        Assert.NotEqual(a.ToString(), c.ToString());
        Assert.False(a.IsActive(2));
        Assert.True(c.IsActive(2));
    }

    [Theory]
    [InlineData("")]
    [InlineData("r28")]
    [InlineData("x28-d1-k3-e3")]
    [InlineData("r28-d1-k3,x-e3,3")]
    [InlineData("r28-d2,2-k3,3,3-e3,3,3")]
    [InlineData("r28-d3-k3,3-e3,3")]
    [InlineData("r28-d1,1-k3,3-e3")]
    [InlineData("r-1-d1-k3-e3")]
    [InlineData("r28,32-d1-k3-e3")]
    public void Parse_rejects_malformed_text_with_a_format_exception(string text)
    {
        var e = Assert.Throws<FormatException>(() => SubnetConfig.Parse(text));
        Assert.Contains("subnet config", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sampling_is_a_pure_function_of_the_seed_and_covers_the_space()
    {
        Assert.Equal(Space.Sample(123), Space.Sample(123));
        var samples = Enumerable.Range(0, 200).Select(i => Space.Sample(SeedDerivation.Derive(1, "phase", "kernel", "subnet", 0, i, 0))).ToList();

        Assert.True(samples.Distinct().Count() > 190);
        Assert.All(samples, s => Assert.True(Space.Contains(s)));
        Assert.Equal([3, 5, 7], samples.SelectMany(s => s.Kernels).Distinct().Order());
        Assert.Equal([3, 4, 6], samples.SelectMany(s => s.Expands).Distinct().Order());
        Assert.Equal([2, 3, 4], samples.SelectMany(s => s.Depths).Distinct().Order());
        Assert.Equal([24, 28, 32], samples.Select(s => s.Resolution).Distinct().Order());
    }

    [Fact]
    public void Sampling_respects_restricted_choices()
    {
        // The kernel phase of progressive shrinking: kernels elastic, expand and depth at their maxima.
        var kernelPhase = Space.All.WithExpands(6).WithDepths(4).WithResolutions(28);
        var samples = Enumerable.Range(0, 100).Select(i => Space.Sample((ulong)i, kernelPhase)).ToList();

        Assert.All(samples, s =>
        {
            Assert.All(s.Expands, e => Assert.Equal(6, e));
            Assert.All(s.Depths, d => Assert.Equal(4, d));
            Assert.Equal(28, s.Resolution);
        });
        Assert.Equal([3, 5, 7], samples.SelectMany(s => s.Kernels).Distinct().Order());
        Assert.Throws<ArgumentException>(() => Space.Sample(1, Space.All.WithKernels(9)));
        Assert.Throws<ArgumentException>(() => Space.Sample(1, Space.All.WithDepths()));
    }

    [Fact]
    public void Constructor_checks_the_shape()
    {
        Assert.Throws<ArgumentException>(() => new SubnetConfig([3, 3, 3], [3, 3, 3], [1, 1], 28));
        Assert.Throws<ArgumentException>(() => new SubnetConfig([3, 3], [3, 3], [1, 3], 28));
        Assert.Throws<ArgumentException>(() => new SubnetConfig([3, 3], [3], [1, 1], 28));
        Assert.False(Space.Contains(new SubnetConfig([3, 3], [3, 3], [1, 1], 28)));
    }
}
