using OfaExp.Core.Seeding;
using OfaExp.Core.Subnets;

namespace OfaExp.Search.Tests;

public sealed class CandidateSpaceTests
{
    [Fact]
    public void Genes_round_trip_through_subnet_configs_and_their_strings()
    {
        foreach (var space in new[] { Fixtures.TinySpace, Fixtures.EeDpSpace, SearchBenchmark.Space() })
        {
            var rng = new SplitMix64(7);
            for (var i = 0; i < 200; i++)
            {
                var genes = space.Sample(ref rng);
                var config = space.ToConfig(genes);
                Assert.Equal(genes, space.FromConfig(config));

                // The canonical string normalises skipped slots: same network, and its genes build the same network.
                var parsed = SubnetConfig.Parse(config.ToString());
                Assert.True(parsed.SameNetwork(config));
                var reparsed = space.ToConfig(space.FromConfig(parsed));
                Assert.Equal(config.ToString(), reparsed.ToString());
            }
        }
    }

    [Fact]
    public void Configs_map_to_the_expected_indices()
    {
        var space = Fixtures.TinySpace;
        var genes = space.FromConfig(SubnetConfig.Parse("r28-d2,1-k5,3,3,5-e6,3,3,6"));
        Assert.Equal(space.GeneCount, genes.Length);
        Assert.Equal([1, 0, 0, 1], genes[..4]);
        Assert.Equal([1, 0, 0, 1], genes[4..8]);
        Assert.Equal([1, 0], genes[8..10]);
        Assert.Equal(1, genes[space.ResolutionGene]);
        Assert.Equal("r28-d2,1-k5,3,3,5-e6,3,3,6", space.ToConfig(genes).ToString());
    }

    [Fact]
    public void Parallel_spaces_allow_every_mask_of_their_levels_and_others_only_mbconv()
    {
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], Fixtures.EeDpSpace.Masks);
        Assert.Equal([1], Fixtures.TinySpace.Masks);
        Assert.Equal([1, 2, 3, 4, 5], Fixtures.EeDpSpace.Exits);
        var config = Fixtures.EeDpSpace.ToConfig(Fixtures.EeDpSpace.FromConfig(SubnetConfig.Parse("r24-d2,2,2,2,2-k3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3-e3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3-x2-b7,5,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1")));
        Assert.Equal(2, config.Exit);
        Assert.Equal(7, config.Branches[0]);
        Assert.Equal(5, config.Branches[1]);
    }

    [Fact]
    public void Values_outside_the_space_are_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Fixtures.TinySpace.FromConfig(SubnetConfig.Parse("r28-d2,1-k7,3,3,3-e6,3,3,3")));
        Assert.Contains("kernel 7", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Fixtures.TinySpace.Validate(new byte[Fixtures.TinySpace.GeneCount - 1]));
        var bad = new byte[Fixtures.TinySpace.GeneCount];
        bad[0] = 2;
        Assert.Throws<ArgumentException>(() => Fixtures.TinySpace.Validate(bad));
    }

    [Fact]
    public void Normalizing_makes_candidates_of_the_same_network_equal()
    {
        var space = Fixtures.EeDpSpace;
        var rng = new SplitMix64(3);
        for (var i = 0; i < 100; i++)
        {
            var a = space.Sample(ref rng);
            var b = space.FromConfig(space.ToConfig(a).Normalized());
            space.NormalizeSkipped(a);
            space.NormalizeSkipped(b);
            Assert.Equal(a, b);
        }
    }
}
