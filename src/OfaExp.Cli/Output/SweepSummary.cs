using System.Globalization;
using System.Text;
using OfaExp.Cli.Execution;
using OfaExp.Core.Hashing;

namespace OfaExp.Cli.Output;

/// <summary>The closing summary of a sweep: one line per run, then totals and wall time.</summary>
public static class SweepSummary
{
    public static string Render(IReadOnlyList<RunResult> results, TimeSpan wall)
    {
        var sb = new StringBuilder();
        var rows = new List<string[]> { new[] { "RUN", "EXPERIMENT", "PHASE", "RESULT", "VAL TOP-1", "TIME" } };
        rows.AddRange(results.Select(r => new[]
        {
            RunIdentity.Short(r.RunId),
            r.Experiment,
            r.Phase,
            r.Error is null ? r.Outcome : $"{r.Outcome}: {r.Error}",
            r.ValTop1 is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) + "%" : "-",
            r.Outcome == "trained" || r.Outcome == "failed" ? Duration(r.Wall) : "-",
        }));
        PlanPrinter.Align(sb, rows, "");
        var trained = results.Count(r => r.Outcome == "trained");
        var cached = results.Count(r => r.Outcome == "cached");
        var failed = results.Count(r => r.Outcome is "failed" or "skipped");
        sb.Append(CultureInfo.InvariantCulture, $"{trained} trained, {cached} already done, {failed} failed or skipped; wall time {Duration(wall)}.\n");
        return sb.ToString();
    }

    public static string Duration(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:D2}s")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1}s");
}
