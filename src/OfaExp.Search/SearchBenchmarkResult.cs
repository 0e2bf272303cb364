namespace OfaExp.Search;

/// <summary>
/// Timings of <see cref="SearchBenchmark"/>: one full search (fastest warm repeat, and the first, cold run that also
/// pays the JIT), then a multi-target run per strategy. Seconds are wall time, so they vary between runs; the
/// accuracies and evaluation counts do not.
/// </summary>
public sealed record SearchBenchmarkResult(
    double SingleTargetSeconds,
    double SingleTargetColdSeconds,
    double SingleTargetTarget,
    float SingleTargetAccuracy,
    long SingleTargetEvaluations,
    IReadOnlyList<double> Targets,
    int FollowUpGenerations,
    int Threads,
    IReadOnlyList<StrategyTiming> Strategies);
