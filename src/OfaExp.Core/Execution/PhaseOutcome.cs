using OfaExp.Core.Runs;

namespace OfaExp.Core.Execution;

/// <summary>What a finished phase hands back: the final weights (part of the result digest) and headline metrics for the summary.</summary>
public sealed record PhaseOutcome(byte[] ModelBytes, IReadOnlyList<MetricPoint> Summary);
