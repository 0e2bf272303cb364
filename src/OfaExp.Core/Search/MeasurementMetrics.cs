namespace OfaExp.Core.Search;

/// <summary>
/// Metrics that are measurements of the machine, not results of the computation: wall times and timed latencies.
/// They are recorded and tabulated like any metric but left out of result digests, so the same run id still gives
/// the same digest on a busier or faster machine. Every such metric name ends in one of <see cref="Suffixes"/>.
/// </summary>
public static class MeasurementMetrics
{
    public static IReadOnlyList<string> Suffixes { get; } = ["_seconds", "_measured_ms", "_timing"];

    public static bool IsMeasurement(string metricName) =>
        Suffixes.Any(s => metricName.EndsWith(s, StringComparison.Ordinal));
}
