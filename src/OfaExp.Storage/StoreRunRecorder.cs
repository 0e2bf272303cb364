using OfaExp.Core.Execution;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

/// <summary>The recorder a phase writes through when it runs for real: metrics and claims in the run store, checkpoints as content-addressed artifacts.</summary>
public sealed class StoreRunRecorder(RunStore store, ArtifactStore artifacts, string runId) : IRunRecorder
{
    public const string CheckpointKind = "checkpoint";

    /// <summary>
    /// A checkpoint saved part-way through an epoch by a stopped run. A kind of its own, so that "checkpoint" keeps
    /// meaning the end of an epoch (a teacher is taken from its best epoch's).
    /// </summary>
    public const string MidEpochCheckpointKind = "mid-epoch-checkpoint";

    public string RunId => runId;

    public void RecordMetrics(IReadOnlyList<MetricPoint> metrics) => store.AddMetrics(runId, metrics);

    public void SaveCheckpoint(int epoch, byte[] bytes)
    {
        // Blob first, row second: a crash in between leaves an unreferenced blob (for gc), never a row without bytes.
        var sha256 = artifacts.Put(bytes);
        store.AddArtifact(new ArtifactRecord(runId, CheckpointKind, epoch, sha256, bytes.LongLength, ArtifactStore.RelativePathOf(sha256)));
    }

    public void SaveMidEpochCheckpoint(int epoch, byte[] bytes)
    {
        var sha256 = artifacts.Put(bytes);
        store.AddArtifact(new ArtifactRecord(runId, MidEpochCheckpointKind, epoch, sha256, bytes.LongLength, ArtifactStore.RelativePathOf(sha256)));
    }

    public RunCheckpoint? LoadLatestCheckpoint() =>
        LatestCheckpoint() is { } latest
            ? new RunCheckpoint(latest.Epoch!.Value, artifacts.ReadVerified(latest.Sha256), latest.Kind == MidEpochCheckpointKind)
            : null;

    /// <summary>
    /// The row of the checkpoint <see cref="LoadLatestCheckpoint"/> loads, without reading its bytes. An attempt only
    /// ever moves forward from the checkpoint it resumed, so of the mid-epoch checkpoints of one epoch the last
    /// recorded is the furthest; it is newer than the last finished epoch's checkpoint only if its epoch is later.
    /// </summary>
    public ArtifactRecord? LatestCheckpoint()
    {
        // Artifacts come ordered by kind, epoch, then recording order.
        var rows = store.Artifacts(runId).Where(a => a.Epoch is not null).ToList();
        var finished = rows.LastOrDefault(a => a.Kind == CheckpointKind);
        var midEpoch = rows.LastOrDefault(a => a.Kind == MidEpochCheckpointKind);
        return midEpoch is not null && midEpoch.Epoch > (finished?.Epoch ?? -1) ? midEpoch : finished;
    }

    public void RecordSubnetEvaluations(IReadOnlyList<SubnetEvaluation> evaluations) => store.AddEvaluations(runId, evaluations);

    public IReadOnlyList<SubnetEvaluation> RecordedEvaluations() => store.Evaluations(runId);

    public void Heartbeat() => store.Heartbeat(runId);
}
