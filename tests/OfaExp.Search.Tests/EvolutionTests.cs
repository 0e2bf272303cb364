using OfaExp.Core.Seeding;

namespace OfaExp.Search.Tests;

public sealed class EvolutionTests
{
    private static readonly CandidateSpace Space = Fixtures.EeDpSpace;
    private static readonly CostTable Costs = Fixtures.RandomTable(Space, 21);
    private static readonly AccuracyPredictor Predictor = Fixtures.RandomPredictor(Space, 22, 24);
    private static readonly EvolutionSettings Quick = new(Population: 40, Generations: 30);

    private static double Mid => (Costs.MinCost + Costs.MaxCost) / 2;

    [Fact]
    public void Same_seed_gives_identical_results_and_other_seeds_usually_differ()
    {
        var a = new EvolutionSearch(Costs, Predictor, Quick).Run(Mid, 1);
        var b = new EvolutionSearch(Costs, Predictor.WithThreads(1), Quick).Run(Mid, 1);
        Assert.Equal(a.Best, b.Best);
        Assert.Equal(a.BestAccuracy, b.BestAccuracy);
        Assert.Equal(a.BestPerGeneration, b.BestPerGeneration);
        Assert.Equal(a.PredictorEvaluations, b.PredictorEvaluations);
        Assert.Equal(a.Population.Select(m => Convert.ToHexString(m.Genes)), b.Population.Select(m => Convert.ToHexString(m.Genes)));

        var others = Enumerable.Range(2, 4).Select(s => new EvolutionSearch(Costs, Predictor, Quick).Run(Mid, (ulong)s)).ToList();
        Assert.Contains(others, o => !o.Best.AsSpan().SequenceEqual(a.Best) || o.PredictorEvaluations != a.PredictorEvaluations);
    }

    [Fact]
    public void Everything_returned_is_within_the_target_and_the_best_is_the_top_of_the_population()
    {
        foreach (var fraction in new[] { 0.15, 0.5, 0.9 })
        {
            var target = Costs.MinCost + ((Costs.MaxCost - Costs.MinCost) * fraction);
            var o = new EvolutionSearch(Costs, Predictor, Quick).Run(target, 3);
            Assert.True(o.BestCost <= target);
            Assert.Equal(Costs.Cost(o.Best), o.BestCost);
            Assert.All(o.Population, m => Assert.True(m.Cost <= target && Costs.Cost(m.Genes) == m.Cost));
            Assert.Equal(o.Population.Max(m => m.Accuracy), o.BestAccuracy);
            Assert.Equal(Predictor.Predict(o.Best), o.BestAccuracy);
            Assert.Equal(Quick.Parents + Quick.Population, o.Population.Count);
            Assert.True(o.BestPerGeneration.Zip(o.BestPerGeneration.Skip(1)).All(p => p.Second >= p.First));
        }
    }

    [Fact]
    public void On_a_tiny_space_the_search_finds_the_brute_force_optimum()
    {
        var space = Fixtures.TinySpace;
        var costs = Fixtures.RandomTable(space, 23);
        var predictor = Fixtures.RandomPredictor(space, 24, 16);
        var all = Fixtures.All(space).ToList();
        Assert.Equal(2048, all.Count);
        var target = costs.MinCost + ((costs.MaxCost - costs.MinCost) * 0.4);
        var optimum = all.Where(g => costs.Cost(g) <= target).Max(g => predictor.Predict(g));
        var o = new EvolutionSearch(costs, predictor, new EvolutionSettings(Population: 50, Generations: 60)).Run(target, 5);
        Assert.Equal(optimum, o.BestAccuracy);
    }

    [Fact]
    public void The_cache_saves_predictions_without_changing_them()
    {
        var search = new EvolutionSearch(Costs, Predictor, Quick);
        var first = search.Run(Mid, 7);
        var second = search.Run(Mid, 7);
        Assert.Equal(first.Best, second.Best);
        Assert.Equal(first.BestAccuracy, second.BestAccuracy);
        Assert.Equal(0, second.PredictorEvaluations);
        Assert.True(first.PredictorEvaluations <= Quick.Population * (Quick.Generations + 1));
    }

    [Fact]
    public void A_too_tight_target_fails_clearly_instead_of_hanging()
    {
        var below = Assert.Throws<InvalidOperationException>(() => new EvolutionSearch(Costs, Predictor, Quick).Run(Costs.MinCost - 1, 1));
        Assert.Contains("minimum cost", below.Message, StringComparison.Ordinal);

        // Reachable in principle, but far beyond what rejection sampling hits within a small cap.
        var capped = new EvolutionSettings(Population: 10, Generations: 1, MaxRetries: 50);
        var ex = Assert.Throws<InvalidOperationException>(() => new EvolutionSearch(Costs, Predictor, capped).Run(Costs.MinCost + 1e-9, 1));
        Assert.Contains("50 tries", ex.Message, StringComparison.Ordinal);
        Assert.Contains(Costs.MinCost.ToString("R", System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_initial_population_is_filtered_by_the_target_and_filled()
    {
        var rng = new SplitMix64(8);
        var initial = Enumerable.Range(0, 30).Select(_ => Space.Sample(ref rng)).ToList();
        var target = Mid;
        var o = new EvolutionSearch(Costs, Predictor, Quick).Run(target, 9, initial, 3, PopulationFill.MutateFirst);
        Assert.All(o.Population, m => Assert.True(m.Cost <= target));
        Assert.Equal(3, o.Generations);
    }
}
