namespace OfaExp.Search;

/// <summary>
/// What <see cref="PairedTiming"/> measured: the outcomes of a multi-target strategy and of its independent baseline
/// (the same in every round: the searches are deterministic), and the seconds of every timed round of each, in the
/// order they ran. The fastest round is the one that counts: noise on a shared machine only ever adds time.
/// </summary>
public sealed record PairedTimings(
    IReadOnlyList<TargetOutcome> Strategy,
    IReadOnlyList<TargetOutcome> Baseline,
    IReadOnlyList<double> StrategyRoundSeconds,
    IReadOnlyList<double> BaselineRoundSeconds)
{
    public double StrategySeconds => StrategyRoundSeconds.Min();

    public double BaselineSeconds => BaselineRoundSeconds.Min();

    /// <summary>Baseline over strategy seconds: how many times faster the strategy searched the same targets.</summary>
    public double Speedup => BaselineSeconds / StrategySeconds;
}
