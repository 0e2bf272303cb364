using OfaExp.Core.Runs;

namespace OfaExp.Reports;

/// <summary>One metric of one run as an ordered series, the input of every aggregate.</summary>
internal static class MetricSeries
{
    /// <summary>Epoch-level values (Step = -1) ordered by epoch.</summary>
    public static IReadOnlyList<double> Epochs(RecordedRun run, string name) =>
        run.Metrics
            .Where(m => m.Step < 0 && string.Equals(m.Name, name, StringComparison.Ordinal))
            .OrderBy(m => m.Epoch)
            .Select(m => m.Value)
            .ToList();

    /// <summary>Per-step values (Step >= 0) ordered by global step.</summary>
    public static IReadOnlyList<double> Steps(RecordedRun run, string name) =>
        run.Metrics
            .Where(m => m.Step >= 0 && string.Equals(m.Name, name, StringComparison.Ordinal))
            .OrderBy(m => m.Step)
            .ThenBy(m => m.Epoch)
            .Select(m => m.Value)
            .ToList();

    /// <summary>All epoch-level metric names of a run.</summary>
    public static IEnumerable<string> EpochNames(RecordedRun run) =>
        run.Metrics.Where(m => m.Step < 0).Select(m => m.Name).Distinct(StringComparer.Ordinal);
}
