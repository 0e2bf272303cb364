using OfaExp.Core.Search;

namespace OfaExp.Search.Tests;

/// <summary>The warm-up, alternation and best-of-three logic of <see cref="PairedTiming"/>, with scripted times (no clock is read).</summary>
public sealed class PairedTimingTests
{
    private static readonly SearchOutcome Found = new(1.0, [1, 2], 70f, 0.9, [], [], 5, 10);

    [Fact]
    public void The_warm_up_runs_first_then_baseline_and_strategy_alternate_and_the_fastest_round_of_each_counts()
    {
        var calls = new List<string>();
        double[] baselineTimes = [9, 4, 6];
        double[] strategyTimes = [3, 5, 2];
        var (b, s) = (0, 0);
        var timed = PairedTiming.Run(
            () => calls.Add("warm-up"),
            () =>
            {
                calls.Add("strategy");
                return Run(strategyTimes[s++]);
            },
            () =>
            {
                calls.Add("baseline");
                return Run(baselineTimes[b++]);
            });

        Assert.Equal(["warm-up", "baseline", "strategy", "baseline", "strategy", "baseline", "strategy"], calls);
        Assert.Equal(baselineTimes, timed.BaselineRoundSeconds);
        Assert.Equal(strategyTimes, timed.StrategyRoundSeconds);
        Assert.Equal(4, timed.BaselineSeconds);
        Assert.Equal(2, timed.StrategySeconds);
        Assert.Equal(2, timed.Speedup);

        // The outcomes kept are the fastest round's, with that round's per-target times.
        Assert.Equal(2, timed.Strategy.Sum(t => t.WallTime.TotalSeconds), 9);
        Assert.Equal(4, timed.Baseline.Sum(t => t.WallTime.TotalSeconds), 9);
    }

    [Fact]
    public void Without_a_baseline_the_strategy_is_its_own_and_the_speedup_is_exactly_one()
    {
        var calls = new List<string>();
        double[] times = [5, 3, 4];
        var at = 0;
        var timed = PairedTiming.Run(() => calls.Add("warm-up"), () =>
        {
            calls.Add("strategy");
            return Run(times[at++]);
        }, null);

        Assert.Equal(["warm-up", "strategy", "strategy", "strategy"], calls);
        Assert.Equal(3, timed.StrategySeconds);
        Assert.Equal(1.0, timed.Speedup);
        Assert.Same(timed.Strategy, timed.Baseline);
    }

    [Fact]
    public void Rounds_that_find_different_architectures_are_an_error_not_a_timing()
    {
        var round = 0;
        var ex = Assert.Throws<InvalidOperationException>(() => PairedTiming.Run(() => { }, () => [new TargetOutcome(1.0, Found with { Best = [(byte)round++] }, TimeSpan.FromSeconds(1))], null));
        Assert.Contains("not a pure function of its seed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_target_wall_times_come_from_the_searchs_clock()
    {
        var costs = Fixtures.RandomTable(Fixtures.TinySpace, 5);
        var predictor = Fixtures.RandomPredictor(Fixtures.TinySpace, 6);
        var search = new MultiTargetSearch(costs, predictor, new EvolutionSettings(Population: 8, Generations: 3), clock: new SteppingClock(7));
        var mid = (costs.MinCost + costs.MaxCost) / 2;
        var results = search.Run([mid, costs.MaxCost], SearchStrategy.TopDown, 1, 2);

        // Two reads per target (start and end), 7 ms apart.
        Assert.All(results, r => Assert.Equal(TimeSpan.FromMilliseconds(7), r.WallTime));
    }

    private static IReadOnlyList<TargetOutcome> Run(double seconds) =>
        [new TargetOutcome(1.0, Found, TimeSpan.FromSeconds(seconds / 2)), new TargetOutcome(2.0, Found, TimeSpan.FromSeconds(seconds / 2))];
}
