namespace OfaExp.Search;

/// <summary>
/// Times a multi-target strategy against the independent searches of the same targets in one process. Timing each
/// once, one after the other, gives single measurements with an order effect: the first pays the JIT and cold
/// caches. So an untimed warm-up runs first, then <c>rounds</c> rounds each time the baseline and then the strategy
/// (alternating, so a slow stretch of a shared machine hits both), and the fastest round of each counts. A round's
/// time is the sum of its targets' wall times (<see cref="TargetOutcome.WallTime"/>, read from the search's clock),
/// so this class reads no clock itself and its logic is tested with scripted times.
/// </summary>
public static class PairedTiming
{
    public const int DefaultRounds = 3;

    /// <param name="warmUp">Run once, untimed, before any timed round.</param>
    /// <param name="strategy">One multi-target run of the strategy.</param>
    /// <param name="baseline">One run of the independent searches; null when the strategy is independent itself (then it is its own baseline, and the speed-up is exactly 1).</param>
    /// <exception cref="InvalidOperationException">Two rounds found different architectures: a search that is not a pure function of its seed.</exception>
    public static PairedTimings Run(Action warmUp, Func<IReadOnlyList<TargetOutcome>> strategy, Func<IReadOnlyList<TargetOutcome>>? baseline, int rounds = DefaultRounds)
    {
        ArgumentNullException.ThrowIfNull(warmUp);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        warmUp();
        IReadOnlyList<TargetOutcome>? strategyBest = null, baselineBest = null;
        var strategySeconds = new List<double>(rounds);
        var baselineSeconds = new List<double>(rounds);
        for (var round = 0; round < rounds; round++)
        {
            if (baseline is not null)
            {
                baselineBest = Keep(baselineBest, baseline(), baselineSeconds);
            }

            strategyBest = Keep(strategyBest, strategy(), strategySeconds);
        }

        return baseline is null
            ? new PairedTimings(strategyBest!, strategyBest!, strategySeconds, strategySeconds)
            : new PairedTimings(strategyBest!, baselineBest!, strategySeconds, baselineSeconds);
    }

    // Records the round's seconds and keeps the faster of the two runs (the outcomes must be equal).
    private static IReadOnlyList<TargetOutcome> Keep(IReadOnlyList<TargetOutcome>? best, IReadOnlyList<TargetOutcome> run, List<double> seconds)
    {
        var elapsed = run.Sum(t => t.WallTime.TotalSeconds);
        seconds.Add(elapsed);
        if (best is null)
        {
            return run;
        }

        if (best.Count != run.Count || best.Zip(run).Any(p => !p.First.Outcome.Best.AsSpan().SequenceEqual(p.Second.Outcome.Best) || p.First.Outcome.BestAccuracy != p.Second.Outcome.BestAccuracy))
        {
            throw new InvalidOperationException("Two timed rounds of the same search found different architectures; the search is not a pure function of its seed.");
        }

        return elapsed < best.Sum(t => t.WallTime.TotalSeconds) ? run : best;
    }
}
