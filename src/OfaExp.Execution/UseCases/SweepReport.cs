namespace OfaExp.Execution.UseCases;

/// <summary>What a sweep did, for the caller to print.</summary>
/// <param name="Results">Every run the sweep accounted for, in plan order.</param>
/// <param name="Tables">(path, changed) of each table written; empty for a worker or a stopped sweep.</param>
/// <param name="Figures">(path of the SVG, changed) of each figure written; empty likewise.</param>
/// <param name="Stopped">The signal that stopped it ("SIGINT", ...) and its exit code; null when it ran to the end.</param>
public sealed record SweepReport(
    IReadOnlyList<RunResult> Results,
    IReadOnlyList<(string Path, bool Changed)> Tables,
    IReadOnlyList<(string Path, bool Changed)> Figures,
    (string Reason, int ExitCode)? Stopped)
{
    /// <summary>How many worker processes trained and why; null for a worker, a stopped sweep or one run in its bundle.</summary>
    public WorkerChoice? Workers { get; init; }

    /// <summary>0 when every run is done, 1 when one failed or was skipped, the signal's code when stopped.</summary>
    public int ExitCode => Stopped?.ExitCode
        ?? (Results.Any(r => r.Outcome is RunOutcome.Failed or RunOutcome.Skipped) ? Core.Errors.ExitCodes.RunFailed : Core.Errors.ExitCodes.Ok);
}
