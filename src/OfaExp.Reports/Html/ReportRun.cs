using OfaExp.Core.Runs;

namespace OfaExp.Reports.Html;

/// <summary>
/// A planned run and what the store holds for it: <paramref name="Recorded"/> is null when the store has never
/// seen the run (it is shown as missing), and then <paramref name="Artifacts"/> is empty.
/// </summary>
/// <param name="Experiment">The experiment that planned the run first (runs are shared across points and experiments).</param>
/// <param name="TeacherId">The run it distills from, or null.</param>
/// <param name="ConfigJson">The planned identity JSON: what the id hashes, known whether or not the run was recorded.</param>
public sealed record ReportRun(
    string Id,
    string Experiment,
    string Phase,
    string? ParentId,
    string? TeacherId,
    string ConfigJson,
    RecordedRun? Recorded,
    IReadOnlyList<ArtifactRecord> Artifacts)
{
    public const string Missing = "missing";

    /// <summary>done, running, failed or pending as recorded, or missing when not in the store.</summary>
    public string Status => Recorded?.Run.Status switch
    {
        RunStatus.Done => "done",
        RunStatus.Running => "running",
        RunStatus.Failed => "failed",
        RunStatus.Pending => "pending",
        _ => Missing,
    };
}
