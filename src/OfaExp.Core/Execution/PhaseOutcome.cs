using OfaExp.Core.Runs;

namespace OfaExp.Core.Execution;

/// <summary>What a finished phase hands back: the final weights (part of the result digest) and headline metrics for the summary.</summary>
public sealed record PhaseOutcome(byte[] ModelBytes, IReadOnlyList<MetricPoint> Summary)
{
    /// <summary>Where the run's time went (null when its trainer does not measure it); the executor records and prints it.</summary>
    public PhaseTimes? Times { get; init; }
}
