using System.Diagnostics;
using OfaExp.Core.Execution;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Storage;

namespace OfaExp.Cli.Execution;

/// <summary>
/// Runs the pending runs of a plan in dependency order, in this process. A run found done is skipped by id; a run
/// whose owner died is taken over and resumes from its last checkpoint; a failure marks the run failed and skips
/// its descendants, and the sweep goes on with the rest. Cancellation (a signal) stops the sweep: the run in
/// progress checkpoints at its next step boundary and is recorded failed with an "interrupted" error, which the
/// next sweep claims and resumes like any failed run; no further run is started.
/// </summary>
public sealed class SweepExecutor(RunStore store, ArtifactStore artifacts, PhaseTrainer trainer)
{
    /// <summary>Why the sweep was cancelled, for the interrupted run's error (e.g. "SIGTERM"); read once cancelled.</summary>
    public Func<string> StopReason { get; init; } = () => "cancelled";

    public IReadOnlyList<RunResult> Execute(RunPlan plan, IReadOnlyCollection<string>? only, ISweepObserver observer, CancellationToken cancellationToken)
    {
        var wanted = only is null ? plan.Runs : Closure(plan, only);
        var status = store.StatusOf(wanted.Select(r => r.Id));
        var results = new List<RunResult>();
        if (wanted.All(r => status.GetValueOrDefault(r.Id) == RunStatus.Done))
        {
            results.AddRange(wanted.Select(r => Reused(r)));
            return results;
        }

        // A corrupt checkpoint is bad input: refuse before writing anything, rather than fail the run half-way.
        foreach (var run in wanted.Where(r => status.GetValueOrDefault(r.Id) != RunStatus.Done))
        {
            new StoreRunRecorder(store, artifacts, run.Id).LoadLatestCheckpoint();
        }

        store.EnsurePlanned(wanted.Select(ToRecord).ToList());
        var wantedIds = wanted.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var experiment in plan.Experiments)
        {
            var points = plan.Points.Where(p => p.Experiment == experiment.Name).ToList();

            // The sweep is recorded whole or not at all (recording replaces it). When only some runs were asked
            // for (`ofaexp run ID`), leaves not planned yet would have no row to point at; a later sweep records it.
            var leaves = points.Select(p => p.RunIds[^1]).ToList();
            var stored = store.StatusOf(leaves.Where(id => !wantedIds.Contains(id)));
            if (leaves.All(id => wantedIds.Contains(id) || stored.ContainsKey(id)))
            {
                store.RecordSweepPoints(experiment.Name, points.Select(p => new SweepPoint(p.Experiment, p.Index, p.PointJson, p.RunIds[^1])).ToList());
            }
        }

        foreach (var abandoned in store.FindAbandoned().Where(r => wantedIds.Contains(r.Id)))
        {
            observer.Note($"Run {RunIdentity.Short(abandoned.Id)} ({abandoned.Experiment}/{abandoned.Phase}) was left running by process {abandoned.Pid} on {abandoned.Host}, which is gone; it will resume from its last checkpoint.");
        }

        observer.SweepStarted(wanted.Where(r => status.GetValueOrDefault(r.Id) != RunStatus.Done).ToList());

        var claim = ClaimInfo.ForCurrentProcess(wanted[0].Spec.Device.Kind, ToolInfo.Version, ToolInfo.GitCommit(plan.Experiments[0].Directory));
        var finished = new HashSet<string>(status.Where(kv => kv.Value == RunStatus.Done).Select(kv => kv.Key), StringComparer.Ordinal);
        foreach (var run in wanted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (finished.Contains(run.Id))
            {
                results.Add(Reused(run));
                continue;
            }

            if (run.ParentId is not null && !finished.Contains(run.ParentId))
            {
                results.Add(Finish(observer, new RunResult(run.Id, run.Experiment, run.Phase, "skipped", TimeSpan.Zero, null, $"parent {RunIdentity.Short(run.ParentId)} is not done")));
                continue;
            }

            if (run.TeacherId is not null && !finished.Contains(run.TeacherId))
            {
                results.Add(Finish(observer, new RunResult(run.Id, run.Experiment, run.Phase, "skipped", TimeSpan.Zero, null, $"teacher {RunIdentity.Short(run.TeacherId)} is not done")));
                continue;
            }

            if (!store.TryClaim(run.Id, claim))
            {
                var owner = store.Find(run.Id);
                observer.Note($"Run {RunIdentity.Short(run.Id)} is being trained by process {owner?.Pid} on {owner?.Host}; leaving it to that process.");
                results.Add(Finish(observer, new RunResult(run.Id, run.Experiment, run.Phase, "busy", TimeSpan.Zero, null, null)));
                continue;
            }

            var result = Finish(observer, Train(plan, run, observer, cancellationToken));
            results.Add(result);
            if (result.Outcome == "trained")
            {
                finished.Add(run.Id);
            }
        }

        return results;
    }

    /// <summary>The final model of the nearest ancestor of <paramref name="run"/> whose phase kind has <paramref name="role"/>.</summary>
    private byte[]? AncestorModel(RunPlan plan, PlannedRun run, PhaseRole role)
    {
        for (var at = run.ParentId; at is not null;)
        {
            var ancestor = plan.Runs.FirstOrDefault(r => r.Id == at);
            if (ancestor is null)
            {
                return null;
            }

            if (PhaseKind.Find(ancestor.Spec.Phases[ancestor.Phase].Kind)?.Role == role)
            {
                return FinalModel(ancestor.Id, "Ancestor");
            }

            at = ancestor.ParentId;
        }

        return null;
    }

    private RunResult Train(RunPlan plan, PlannedRun run, ISweepObserver observer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var recorder = new StoreRunRecorder(store, artifacts, run.Id);
        try
        {
            // Metrics written after the last checkpoint belong to an epoch that will be trained again; subnet
            // evaluations describe the final model, which this attempt evaluates again when it finishes.
            var checkpoint = recorder.LoadLatestCheckpoint();
            store.DeleteMetricsAfter(run.Id, (checkpoint?.EpochsDone ?? 0) - 1);
            var kind = PhaseKind.Find(run.Spec.Phases[run.Phase].Kind);
            if (kind?.Role != PhaseRole.AccuracyDataset)
            {
                // An accuracy data set records each pair as it is measured and resumes after the last one.
                store.DeleteEvaluations(run.Id);
            }
            if (checkpoint is not null)
            {
                observer.Note($"Resuming run {RunIdentity.Short(run.Id)} ({run.Experiment}/{run.Phase}) " + (checkpoint.MidEpoch
                    ? $"part-way through epoch {checkpoint.Epoch + 1}, from its mid-epoch checkpoint."
                    : $"after epoch {checkpoint.Epoch + 1}."));
            }

            observer.RunStarted(run, checkpoint?.EpochsDone ?? 0);

            var parentModel = run.ParentId is null ? null : FinalModel(run.ParentId, "Parent");
            var teacherModel = run.TeacherId is null ? null : BestModel(run.TeacherId);
            var outcome = trainer(run, parentModel, teacherModel, role => AncestorModel(plan, run, role), recorder, observer, cancellationToken);
            var modelSha = artifacts.Put(outcome.ModelBytes);
            store.AddArtifact(new ArtifactRecord(run.Id, "model", null, modelSha, outcome.ModelBytes.LongLength, ArtifactStore.RelativePathOf(modelSha)));
            var metrics = store.Metrics(run.Id);
            store.Complete(run.Id, ResultDigest.Compute(metrics.Where(m => !MeasurementMetrics.IsMeasurement(m.Name)), modelSha));
            return new RunResult(run.Id, run.Experiment, run.Phase, "trained", clock.Elapsed, LastValTop1(metrics), null);
        }
        catch (OperationCanceledException)
        {
            var message = $"interrupted ({StopReason()}); the next sweep " + WhereItResumes(run, recorder);
            store.Fail(run.Id, message);
            observer.Note($"Run {RunIdentity.Short(run.Id)} ({run.Experiment}/{run.Phase}) {message}.");
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var message = e is Core.Errors.OfaExpException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            store.Fail(run.Id, message);
            observer.Note($"Run {RunIdentity.Short(run.Id)} ({run.Experiment}/{run.Phase}) failed: {message}");
            if (Environment.GetEnvironmentVariable("OFAEXP_DEBUG") == "1")
            {
                observer.Note(e.ToString());
            }

            return new RunResult(run.Id, run.Experiment, run.Phase, "failed", clock.Elapsed, null, message);
        }
    }

    /// <summary>What the next attempt of an interrupted run starts from, as the end of "the next sweep ...".</summary>
    private static string WhereItResumes(PlannedRun run, StoreRunRecorder recorder) => recorder.LatestCheckpoint() switch
    {
        { Kind: StoreRunRecorder.MidEpochCheckpointKind, Epoch: var epoch } => $"resumes it in epoch {epoch + 1} from its mid-epoch checkpoint",
        { Epoch: var epoch } => $"resumes it after epoch {epoch + 1}",
        null when PhaseKind.Find(run.Spec.Phases[run.Phase].Kind)?.Role == PhaseRole.AccuracyDataset => "resumes it after its last recorded pair",
        null => "runs it again",
    };

    /// <summary>The final model of a finished run that <paramref name="role"/> ("Parent", "Teacher") needs, hash-verified.</summary>
    private byte[] FinalModel(string runId, string role)
    {
        var model = store.Artifacts(runId).LastOrDefault(a => a.Kind == "model")
            ?? throw new Core.Errors.OfaExpException($"{role} run {RunIdentity.Short(runId)} has no model artifact (is it done? 'ofaexp show {RunIdentity.Short(runId)}'); the store is inconsistent. Delete the {role.ToLowerInvariant()}'s row (or the store) and sweep again.", Core.Errors.ExitCodes.Internal);
        return artifacts.ReadVerified(model.Sha256);
    }

    /// <summary>
    /// The teacher's weights: the checkpoint of the teacher run's best epoch by validation top-1 (the first such epoch
    /// on ties), which is the final model when the last epoch is best. OFAv2 takes the previous phase's best
    /// checkpoint; the fixed (OFA) teacher follows the same rule so that a run id, which hashes the teacher run and
    /// not the selection strategy, always means one teacher.
    /// </summary>
    private byte[] BestModel(string runId)
    {
        if (BestEpoch.Of(store.Metrics(runId)) is not { IsLast: false } best)
        {
            return FinalModel(runId, "Teacher");
        }

        var checkpoint = store.Artifacts(runId).LastOrDefault(a => a.Kind == StoreRunRecorder.CheckpointKind && a.Epoch == best.Epoch)
            ?? throw new Core.Errors.OfaExpException($"Teacher run {RunIdentity.Short(runId)} has no checkpoint of its best epoch {best.Epoch + 1}; the store is inconsistent. Delete the teacher's row (or the store) and sweep again.", Core.Errors.ExitCodes.Internal);
        return Nn.Training.TrainerCheckpoint.Parse(artifacts.ReadVerified(checkpoint.Sha256)).Model;
    }

    private static RunResult Finish(ISweepObserver observer, RunResult result)
    {
        observer.RunFinished(result);
        return result;
    }

    private RunResult Reused(PlannedRun run) =>
        new(run.Id, run.Experiment, run.Phase, "reused", TimeSpan.Zero, LastValTop1(store.Metrics(run.Id)), null);

    private static double? LastValTop1(IReadOnlyList<MetricPoint> metrics) =>
        metrics.LastOrDefault(m => m.Step == -1 && m.Name == "val_top1")?.Value;

    /// <summary>The requested runs and every ancestor they need, in plan order.</summary>
    private static IReadOnlyList<PlannedRun> Closure(RunPlan plan, IReadOnlyCollection<string> only)
    {
        var byId = plan.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var needed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in only)
        {
            for (string? at = id; at is not null && needed.Add(at); at = byId[at].ParentId)
            {
            }
        }

        return plan.Runs.Where(r => needed.Contains(r.Id)).ToList();
    }

    private static RunRecord ToRecord(PlannedRun r) => new(
        r.Id, r.Experiment, r.Phase, r.ParentId, r.ConfigJson, RunStatus.Pending, 0,
        null, null, null, null, null, null, DateTimeOffset.UtcNow, null, null, null, null, null);
}
