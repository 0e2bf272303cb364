using OfaExp.Core.Execution;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

/// <summary>The recorder a phase writes through when it runs for real: metrics and claims in the run store, checkpoints as content-addressed artifacts.</summary>
public sealed class StoreRunRecorder(RunStore store, ArtifactStore artifacts, string runId) : IRunRecorder
{
    public const string CheckpointKind = "checkpoint";

    public string RunId => runId;

    public void RecordMetrics(IReadOnlyList<MetricPoint> metrics) => store.AddMetrics(runId, metrics);

    public void SaveCheckpoint(int epoch, byte[] bytes)
    {
        // Blob first, row second: a crash in between leaves an unreferenced blob (for gc), never a row without bytes.
        var sha256 = artifacts.Put(bytes);
        store.AddArtifact(new ArtifactRecord(runId, CheckpointKind, epoch, sha256, bytes.LongLength, ArtifactStore.RelativePathOf(sha256)));
    }

    public RunCheckpoint? LoadLatestCheckpoint()
    {
        var latest = store.Artifacts(runId)
            .Where(a => a.Kind == CheckpointKind && a.Epoch is not null)
            .OrderBy(a => a.Epoch)
            .LastOrDefault();
        return latest is null ? null : new RunCheckpoint(latest.Epoch!.Value, artifacts.ReadVerified(latest.Sha256));
    }

    public void RecordSubnetEvaluations(IReadOnlyList<SubnetEvaluation> evaluations) => store.AddEvaluations(runId, evaluations);

    public IReadOnlyList<SubnetEvaluation> RecordedEvaluations() => store.Evaluations(runId);

    public void Heartbeat() => store.Heartbeat(runId);
}
