using OfaExp.Core.Search;
namespace OfaExp.Search;

/// <summary>
/// One strategy's multi-target run in <see cref="SearchBenchmark"/>: total seconds, speed-up over independent
/// searches, the mean |best predicted accuracy - independent's| over the targets, and predictor evaluations.
/// </summary>
public sealed record StrategyTiming(SearchStrategy Strategy, double Seconds, double Speedup, double MeanAbsAccuracyDifference, long PredictorEvaluations);
