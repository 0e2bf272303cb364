using OfaExp.Core.Planning;
using OfaExp.Core.Runs;

namespace OfaExp.Reports.Html;

/// <summary>
/// A planned run and what the store holds for it: <paramref name="Recorded"/> is null when the store has never
/// seen the run (it is shown as missing), and then <paramref name="Artifacts"/> is empty.
/// </summary>
public sealed record ReportRun(PlannedRun Planned, RecordedRun? Recorded, IReadOnlyList<ArtifactRecord> Artifacts)
{
    public const string Missing = "missing";

    public string Id => Planned.Id;

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
