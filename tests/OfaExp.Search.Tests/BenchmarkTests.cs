using OfaExp.Core.Search;
using OfaExp.Core.Seeding;

namespace OfaExp.Search.Tests;

public sealed class BenchmarkTests
{
    [Fact]
    public void The_synthetic_space_is_ofa_imagenet_sized_and_accuracy_grows_with_cost()
    {
        var space = SearchBenchmark.Space();
        Assert.Equal((5, 4, 25), (space.Stages, space.BlocksPerStage, space.Resolutions.Count));
        Assert.Equal([128, 224], new[] { space.Resolutions[0], space.Resolutions[^1] });
        var costs = SearchBenchmark.Costs(space);
        var predictor = SearchBenchmark.Predictor(space, 1);
        Assert.Equal(400, predictor.HiddenSize);
        var rng = new SplitMix64(2);
        var sample = Enumerable.Range(0, 300).Select(_ => space.Sample(ref rng)).ToList();
        var r = SearchStatistics.Pearson([.. sample.Select(g => costs.Cost(g))], [.. sample.Select(g => (double)predictor.Predict(g))]);
        Assert.True(r > 0.5, $"cost-accuracy correlation {r}");
        Assert.True(costs.MinCost < 60 && costs.MaxCost > 400, $"{costs.MinCost}..{costs.MaxCost} MFLOPs");
    }

    [Fact]
    public void A_small_benchmark_run_reports_every_strategy()
    {
        var result = SearchBenchmark.Run(new SearchBenchmarkOptions(TargetCount: 3, FollowUpGenerations: 2, Settings: new EvolutionSettings(Population: 12, Generations: 4), Repeats: 0));
        Assert.Equal([SearchStrategy.Independent, SearchStrategy.BottomUp, SearchStrategy.TopDown], result.Strategies.Select(s => s.Strategy));
        Assert.Equal(3, result.Targets.Count);
        Assert.True(result.Targets.Zip(result.Targets.Skip(1)).All(p => p.First < p.Second));
        Assert.All(result.Strategies, s => Assert.True(s.PredictorEvaluations > 0 && s.MeanAbsAccuracyDifference >= 0));
    }
}
