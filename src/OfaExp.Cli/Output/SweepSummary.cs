using OfaExp.Nn.Threads;
using OfaExp.Execution;
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
            r.Error is null ? r.OutcomeText : $"{r.OutcomeText}: {r.Error}",
            r.ValTop1 is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) + "%" : "-",
            r.Ran ? ProgressText.Duration(r.Wall) : "-",
        }));
        PlanPrinter.Align(sb, rows, "");
        int Count(RunOutcome outcome) => results.Count(r => r.Outcome == outcome);
        var submitted = Count(RunOutcome.Submitted) > 0
            ? string.Create(CultureInfo.InvariantCulture, $", {Count(RunOutcome.Submitted)} submitted")
            : "";
        var elsewhere = Count(RunOutcome.TrainedElsewhere) > 0
            ? string.Create(CultureInfo.InvariantCulture, $", {Count(RunOutcome.TrainedElsewhere)} trained elsewhere")
            : "";

        // Training time sums every run's own time, so with several workers it exceeds the wall time.
        var training = results.Where(r => r.Ran).Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Wall);
        sb.Append(CultureInfo.InvariantCulture,
            $"{Count(RunOutcome.Trained)} trained{elsewhere}, {Count(RunOutcome.Reused)} reused, {Count(RunOutcome.Failed)} failed, {Count(RunOutcome.Skipped)} skipped{submitted}; training {ProgressText.Duration(training)}, wall time {ProgressText.Duration(wall)}.\n");
        return sb.ToString();
    }

    /// <summary>
    /// A note when other processes held libtorch's threads throttled (no spinning) for a tenth of the sweep or more:
    /// it explains runs slower than on an idle machine, whose results are the same. And a warning when the spinning
    /// could not be governed at all, with the way back to short spins.
    /// </summary>
    public static string? SpinNote(SpinReport report, TimeSpan wall)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.State switch
        {
            SpinGovernorState.Governing when report.Throttled >= TimeSpan.FromSeconds(5) && report.Throttled >= wall / 10 =>
                $"libtorch's threads waited without spinning for {ProgressText.Duration(report.Throttled)} of {ProgressText.Duration(wall)} because other processes used the cores, so the runs took longer than on an idle machine (their results do not change).",
            SpinGovernorState.Unavailable =>
                "warning: libtorch's libgomp was not found among this process's libraries, so its threads spun without the spin governor and are several times slower beside other busy processes; set GOMP_SPINCOUNT=300 to make them sleep instead (docs/development.md).",
            _ => null,
        };
    }
}
