using System.Globalization;
using System.Text;
using OfaExp.Cli.Execution;
using OfaExp.Core.Hashing;

namespace OfaExp.Cli.Output;

/// <summary>The closing summary of a sweep: one line per run (id, experiment, phase, status, val top-1, time), then totals.</summary>
public static class SweepSummary
{
    public static string Render(IReadOnlyList<RunResult> results, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(results);
        var sb = new StringBuilder();
        var rows = new List<string[]> { new[] { "RUN", "EXPERIMENT", "PHASE", "STATUS", "VAL TOP-1", "TIME" } };
        rows.AddRange(results.Select(r => new[]
        {
            RunIdentity.Short(r.RunId),
            r.Experiment,
            r.Phase,
            r.Error is null ? r.Outcome : $"{r.Outcome}: {r.Error}",
            r.ValTop1 is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) + "%" : "-",
            Ran(r) ? ProgressText.Duration(r.Wall) : "-",
        }));
        PlanPrinter.Align(sb, rows, "");
        int Count(string outcome) => results.Count(r => r.Outcome == outcome);
        var busy = Count("busy") > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Count("busy")} busy") : "";
        var training = results.Where(Ran).Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Wall);
        sb.Append(CultureInfo.InvariantCulture,
            $"{Count("trained")} trained, {Count("reused")} reused, {Count("failed")} failed, {Count("skipped")} skipped{busy}; training {ProgressText.Duration(training)}, wall time {ProgressText.Duration(wall)}.\n");
        return sb.ToString();
    }

    /// <summary>Whether the run ran in this sweep, so that its time means something.</summary>
    private static bool Ran(RunResult r) => r.Outcome is "trained" or "failed";
}
