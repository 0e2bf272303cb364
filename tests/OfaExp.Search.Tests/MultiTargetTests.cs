using OfaExp.Core.Search;
using OfaExp.Core.Seeding;

namespace OfaExp.Search.Tests;

public sealed class MultiTargetTests
{
    private static readonly CandidateSpace Space = Fixtures.EeDpSpace;
    private static readonly CostTable Costs = Fixtures.RandomTable(Space, 31);
    private static readonly AccuracyPredictor Predictor = Fixtures.RandomPredictor(Space, 32, 24);

    [Fact]
    public void The_pruner_only_lowers_values_and_its_output_fits()
    {
        var pruner = new RandomPruner(Costs);
        var rng = new SplitMix64(33);
        var fitted = 0;
        for (var i = 0; i < 200; i++)
        {
            var genes = Space.Sample(ref rng);
            var before = genes.ToArray();
            var target = Costs.MinCost + ((Costs.MaxCost - Costs.MinCost) * rng.NextDouble() * 0.6);
            var fits = pruner.Prune(genes, target, ref rng);
            Assert.Equal(fits, Costs.Cost(genes) <= target);
            fitted += fits ? 1 : 0;
            for (var g = 0; g < genes.Length; g++)
            {
                Assert.True(genes[g] <= before[g], $"gene {g} rose from {before[g]} to {genes[g]}");
            }

            Assert.Equal(before[Space.ResolutionGene], genes[Space.ResolutionGene]);
            Assert.Equal(before[Space.ExitGene], genes[Space.ExitGene]);
        }

        Assert.True(fitted > 0);
    }

    [Fact]
    public void The_pruner_stops_when_nothing_is_left_to_lower()
    {
        var genes = Space.FromConfig(Space.ToConfig(new byte[Space.GeneCount]));
        var rng = new SplitMix64(1);
        Assert.False(new RandomPruner(Costs).Prune(genes, Costs.MinCost - 1, ref rng));
    }

    [Theory]
    [InlineData(SearchStrategy.Independent)]
    [InlineData(SearchStrategy.BottomUp)]
    [InlineData(SearchStrategy.TopDown)]
    public void Results_come_back_in_the_callers_order_within_their_targets_and_reproducibly(SearchStrategy strategy)
    {
        var span = Costs.MaxCost - Costs.MinCost;
        double[] targets = [Costs.MinCost + (0.5 * span), Costs.MinCost + (0.2 * span), Costs.MinCost + (0.8 * span), Costs.MinCost + (0.35 * span)];
        var settings = new EvolutionSettings(Population: 30, Generations: 20);
        var search = new MultiTargetSearch(Costs, Predictor, settings);
        var a = search.Run(targets, strategy, 41, 5);
        var b = search.Run(targets, strategy, 41, 5);
        Assert.Equal(targets, a.Select(t => t.Target));
        for (var i = 0; i < targets.Length; i++)
        {
            Assert.Equal(targets[i], a[i].Outcome.Target);
            Assert.True(a[i].Outcome.BestCost <= targets[i]);
            Assert.All(a[i].Outcome.Population, m => Assert.True(m.Cost <= targets[i]));
            Assert.Equal(a[i].Outcome.Best, b[i].Outcome.Best);
            Assert.Equal(a[i].Outcome.BestAccuracy, b[i].Outcome.BestAccuracy);
        }

        // The first target searched runs every generation; follow-ups run N2 (independent: all run every generation).
        var generations = a.Select(t => t.Outcome.Generations).Order().ToArray();
        Assert.Equal(strategy == SearchStrategy.Independent ? [20, 20, 20, 20] : [5, 5, 5, 20], generations);
        var first = strategy == SearchStrategy.BottomUp ? 1 : strategy == SearchStrategy.TopDown ? 2 : -1;
        if (first >= 0)
        {
            Assert.Equal(20, a[first].Outcome.Generations);
        }
    }
}
