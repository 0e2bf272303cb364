namespace OfaExp.Core.Search;

/// <summary>
/// Metrics that are measurements of the machine, not results of the computation: wall times, timed latencies and
/// statistics of timings. They are recorded and tabulated like any metric but left out of result digests, so the
/// same run id still gives the same digest on a busier or faster machine. A measurement's name ends in one of
/// <see cref="Suffixes"/> or is one of <see cref="Names"/>.
/// </summary>
public static class MeasurementMetrics
{
    public static IReadOnlyList<string> Suffixes { get; } = ["_seconds", "_ms"];

    /// <summary>Ratios and statistics of timings: the latency table's check, a search's speed-up.</summary>
    public static IReadOnlyList<string> Names { get; } = [LatencyCheckPearson, LatencyCheckMape, LatencyCheckMpe, SpeedupVsIndependent];

    /// <summary>A search's wall time against independent searches of the same targets.</summary>
    public const string SpeedupVsIndependent = "speedup_vs_independent";

    public const string LatencyCheckPearson = "latency_check_r";

    public const string LatencyCheckMape = "latency_check_mape";

    /// <summary>The latency table's signed mean percentage error, mean of (predicted - measured) / measured: above 0 the table overstates.</summary>
    public const string LatencyCheckMpe = "latency_check_mpe";

    public static bool IsMeasurement(string metricName) =>
        Names.Contains(metricName) || Suffixes.Any(s => metricName.EndsWith(s, StringComparison.Ordinal));
}
