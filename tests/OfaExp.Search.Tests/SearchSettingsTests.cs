using OfaExp.Core.Search;
using OfaExp.Core.Seeding;
using OfaExp.Core.Subnets;

namespace OfaExp.Search.Tests;

/// <summary>search.resolutions, search.resolution_mutate_prob and search.top_down_seed, and that their defaults change nothing.</summary>
public sealed class SearchSettingsTests
{
    private static readonly CandidateSpace Space = new(new SubnetSpace(Fixtures.Ofa with { Resolutions = [16, 20, 24, 28, 32] }));
    private static readonly CostTable Costs = Fixtures.RandomTable(Space, 51);
    private static readonly AccuracyPredictor Predictor = Fixtures.RandomPredictor(Space, 52, 24);
    private static readonly EvolutionSettings Quick = new(Population: 30, Generations: 15);

    private static double Mid => (Costs.MinCost + Costs.MaxCost) / 2;

    [Fact]
    public void Every_resolution_listed_is_the_same_search_as_none_listed()
    {
        var none = new EvolutionSearch(Costs, Predictor, Quick).Run(Mid, 3);
        var all = new EvolutionSearch(Costs, Predictor, Quick with { Resolutions = [16, 20, 24, 28, 32] }).Run(Mid, 3);
        var empty = new EvolutionSearch(Costs, Predictor, Quick with { Resolutions = [] }).Run(Mid, 3);
        Assert.Equal(none.Best, all.Best);
        Assert.Equal(none.BestPerGeneration, all.BestPerGeneration);
        Assert.Equal(none.Best, empty.Best);
        Assert.Equal(none.PredictorEvaluations, empty.PredictorEvaluations);
    }

    [Fact]
    public void A_restricted_search_only_draws_the_listed_resolutions()
    {
        var settings = Quick with { Resolutions = [20, 28], ResolutionMutationProbability = 1.0 };
        var target = Costs.RangeOver([20, 28]).Max;
        var o = new EvolutionSearch(Costs, Predictor, settings).Run(target, 4);
        Assert.All(o.Population, m => Assert.Contains(Space.Resolutions[m.Genes[Space.ResolutionGene]], new[] { 20, 28 }));
    }

    [Fact]
    public void The_range_over_some_resolutions_lies_within_the_whole_range()
    {
        var some = Costs.RangeOver([20, 28]);
        Assert.Equal(Costs.Range, Costs.RangeOver(null));
        Assert.Equal(Costs.Range, Costs.RangeOver([16, 20, 24, 28, 32]));
        Assert.True(some.Min >= Costs.MinCost && some.Max <= Costs.MaxCost && some.Min < some.Max);
        Assert.Throws<ArgumentException>(() => Costs.RangeOver([21]));
        Assert.Throws<ArgumentException>(() => new EvolutionSearch(Costs, Predictor, Quick with { Resolutions = [28, 20] }));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void The_resolution_mutation_probability_decides_whether_a_child_may_change_resolution(double probability)
    {
        var search = new EvolutionSearch(Costs, Predictor, Quick with { ResolutionMutationProbability = probability, MutationProbability = 0 });
        var rng = new SplitMix64(5);
        var changed = 0;
        for (var i = 0; i < 50; i++)
        {
            var parent = Space.Sample(ref rng);
            var child = new byte[parent.Length];
            search.Mutate(parent, child, Costs.MaxCost, ref rng);
            changed += child[Space.ResolutionGene] != parent[Space.ResolutionGene] ? 1 : 0;
            Assert.Equal(parent.AsSpan(0, Space.ResolutionGene).ToArray(), child.AsSpan(0, Space.ResolutionGene).ToArray());
        }

        Assert.True(probability == 0 ? changed == 0 : changed > 20, $"{changed} of 50 children changed resolution");
    }

    [Fact]
    public void Copies_seed_the_whole_population_with_the_first_member()
    {
        var rng = new SplitMix64(6);
        var first = Space.Sample(ref rng);
        var target = Costs.Cost(first);
        var o = new EvolutionSearch(Costs, Predictor, Quick).Run(target, 7, [first], 0, PopulationFill.CopyFirst);
        Assert.Equal(Quick.Population, o.Population.Count);
        Assert.All(o.Population, m => Assert.Equal(first, m.Genes));
        Assert.Equal(1, o.PredictorEvaluations);
    }

    [Theory]
    [InlineData(TopDownSeed.Mutations)]
    [InlineData(TopDownSeed.Copies)]
    public void Top_down_with_either_seeding_is_reproducible_and_within_its_targets(TopDownSeed seeding)
    {
        var span = Costs.MaxCost - Costs.MinCost;
        double[] targets = [Costs.MinCost + (0.7 * span), Costs.MinCost + (0.4 * span), Costs.MinCost + (0.5 * span)];
        var search = new MultiTargetSearch(Costs, Predictor, Quick, seeding);
        var a = search.Run(targets, SearchStrategy.TopDown, 8, 4);
        var b = search.Run(targets, SearchStrategy.TopDown, 8, 4);
        for (var i = 0; i < targets.Length; i++)
        {
            Assert.True(a[i].Outcome.BestCost <= targets[i]);
            Assert.Equal(a[i].Outcome.Best, b[i].Outcome.Best);
        }

        // The first target (the loosest) is the full search, whatever the seeding.
        var mutations = new MultiTargetSearch(Costs, Predictor, Quick).Run(targets, SearchStrategy.TopDown, 8, 4);
        Assert.Equal(mutations[0].Outcome.Best, a[0].Outcome.Best);
        Assert.Equal([0, 2, 1], MultiTargetSearch.Order(targets, SearchStrategy.TopDown));
    }

    [Fact]
    public void Follow_up_differences_leave_out_the_first_target_and_sit_beside_the_noise_floor()
    {
        (double, double)[] strategy = [(70, 60), (71, 61), (72, 58)];
        (double, double)[] independent = [(70, 60), (72, 60), (72, 60)];
        (double, double)[] noise = [(69, 59), (71.5, 60.5), (72, 61)];
        var d = FollowUpDifferences.Of([1, 2], strategy, independent, noise);
        Assert.Equal(2, d.Targets);
        Assert.Equal(-0.5, d.PredictedDiff, 12);
        Assert.Equal(0.5, d.AbsPredictedDiff, 12);
        Assert.Equal(-0.5, d.Top1Diff, 12);
        Assert.Equal(1.5, d.AbsTop1Diff, 12);
        Assert.Equal(0.25, d.NoiseAbsPredictedDiff, 12);
        Assert.Equal(0.75, d.NoiseAbsTop1Diff, 12);
        Assert.True(double.IsNaN(FollowUpDifferences.Of([], strategy, independent, noise).AbsTop1Diff));
    }
}
