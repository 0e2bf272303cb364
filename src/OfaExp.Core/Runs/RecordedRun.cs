namespace OfaExp.Core.Runs;

/// <summary>A run with everything recorded for it: the input of tables and comparisons.</summary>
public sealed record RecordedRun(
    RunRecord Run,
    IReadOnlyList<MetricPoint> Metrics,
    IReadOnlyList<SubnetEvaluation> Evaluations);
