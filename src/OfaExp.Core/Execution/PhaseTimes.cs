using System.Globalization;
using System.Text;
using OfaExp.Core.Runs;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Execution;

/// <summary>
/// Where one run's wall time went, by category, as its trainer measured it: <see cref="Parts"/> are disjoint and sum
/// to <see cref="TotalSeconds"/> (the last part, "other", is what no category covered); <see cref="Overlapped"/> are
/// measured beside them (work on other threads, GC pauses inside the parts, CPU time), not part of the sum.
/// Measurements of the machine: recorded as metrics named <c>time_&lt;name&gt;_seconds</c>, which result digests leave out.
/// </summary>
public sealed record PhaseTimes(IReadOnlyList<PhaseTime> Parts, IReadOnlyList<PhaseTime> Overlapped, double TotalSeconds)
{
    /// <summary>The part that no category covers.</summary>
    public const string Other = "other";

    /// <summary>Overlapped: the batch prefetch thread's time filling batches.</summary>
    public const string BatchFill = "batch_fill_background";

    /// <summary>Overlapped: the process's garbage-collection pauses.</summary>
    public const string GcPause = "gc_pause";

    /// <summary>Overlapped: the process's CPU time.</summary>
    public const string ProcessCpu = "process_cpu";

    public const string Total = "total";

    /// <summary>The metric names of every part, overlapped measurement and the total, in the order <see cref="ToMetrics"/> writes them.</summary>
    public static IReadOnlyList<string> MetricNames { get; } =
        [.. TimeCategoryNames.Spelling.All.Append(Other).Append(BatchFill).Append(GcPause).Append(ProcessCpu).Append(Total).Select(MetricName)];

    /// <summary>The metric name of a part or overlapped measurement <paramref name="name"/>.</summary>
    public static string MetricName(string name) => $"time_{name}_seconds";

    /// <summary>Every part, the overlapped measurements and the total as epoch-level metrics (step -1) of <paramref name="epoch"/>.</summary>
    public IReadOnlyList<MetricPoint> ToMetrics(int epoch) =>
    [
        .. Parts.Concat(Overlapped).Select(p => new MetricPoint(epoch, -1, MetricName(p.Name), p.Seconds)),
        new MetricPoint(epoch, -1, MetricName(Total), TotalSeconds),
    ];

    /// <summary>One line for the log: the total, each part with its share, then the overlapped measurements.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{TotalSeconds:F1} s =");
        var first = true;
        foreach (var part in Parts)
        {
            var share = TotalSeconds > 0 ? 100 * part.Seconds / TotalSeconds : 0;
            text.Append(CultureInfo.InvariantCulture, $"{(first ? " " : " + ")}{part.Name} {part.Seconds:F1} ({share:F0}%)");
            first = false;
        }

        if (Overlapped.Count > 0)
        {
            text.Append("; alongside: ");
            text.AppendJoin(", ", Overlapped.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Seconds:F1}")));
        }

        return text.ToString();
    }
}
