using System.Diagnostics;
using System.Globalization;
using OfaExp.Core.Execution;
using OfaExp.Core.Hardware;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Storage;

namespace OfaExp.Execution;

/// <summary>
/// Runs the pending runs of a plan in dependency order. Several executors (sibling workers, or two sweeps of the same
/// tree) may share one store: each takes the next ready run (its parent and teacher done) by an atomic claim, so every
/// run is trained exactly once, and waits while the runs it needs are being trained elsewhere. A run found done is
/// skipped by id; a run whose owner died is taken over and resumes from its last checkpoint; a failure marks the run
/// failed and skips its descendants, and the sweep goes on with the rest. A run that failed before this sweep started
/// is tried again; one that failed during it (here or elsewhere) is not. Cancellation (a signal) stops the sweep:
/// the run in progress checkpoints at its next step boundary and is recorded failed with an "interrupted" error,
/// which the next sweep claims and resumes like any failed run; no further run is started.
/// </summary>
public sealed class SweepExecutor(RunStore store, ArtifactStore artifacts, PhaseTrainer trainer)
{
    /// <summary>Why the sweep was cancelled, for the interrupted run's error (e.g. "SIGTERM"); read once cancelled.</summary>
    public Func<string> StopReason { get; init; } = () => "cancelled";

    /// <summary>The model weights inside one of the trainer's epoch checkpoints (the teacher may be a best epoch's).</summary>
    public required Func<byte[], byte[]> ModelOfCheckpoint { get; init; }

    /// <summary>The tool version and the experiments' git commit, written into each claim.</summary>
    public string ToolVersion { get; init; } = "unknown";

    /// <inheritdoc cref="ToolVersion"/>
    public string? GitCommit { get; init; }

    /// <summary>
    /// The hardware class a run of a device kind trains on here (<see cref="HardwareProbe"/>), written into each
    /// claim; asked once, before the first claim. Null records none.
    /// </summary>
    public Func<DeviceKind, HardwareClass>? HardwareOf { get; init; }

    /// <summary>
    /// When the sweep began; runs failed at or after it failed in this sweep and are not tried again. Sibling workers
    /// get their launcher's start so that none retries a run another one failed. Default: when Execute is called.
    /// </summary>
    public DateTimeOffset? SweepStartedAt { get; init; }

    /// <summary>How often to look again while waiting for runs that other processes are training.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Train runs that the store says were submitted to a cluster scheduler (`sweep --launcher slurm`) and are not
    /// ingested yet. Off by default: the job trains them, and a local sweep that trained them too would do the work
    /// twice; they, and the runs that need them, are reported as submitted instead. On for a task in its bundle.
    /// </summary>
    public bool TrainSubmitted { get; init; }

    public IReadOnlyList<RunResult> Execute(RunPlan plan, IReadOnlyCollection<string>? only, ISweepObserver observer, CancellationToken cancellationToken)
    {
        var wanted = only is null ? plan.Runs : Closure(plan, only);
        var startedAt = SweepStartedAt ?? store.UtcNow();
        var status = store.StatusOf(wanted.Select(r => r.Id));
        if (wanted.All(r => status.GetValueOrDefault(r.Id) == RunStatus.Done))
        {
            return wanted.Select(r => Reused(r)).ToList();
        }

        // A corrupt checkpoint is bad input: refuse before writing anything, rather than fail the run half-way.
        foreach (var run in wanted.Where(r => status.GetValueOrDefault(r.Id) != RunStatus.Done))
        {
            new StoreRunRecorder(store, artifacts, run.Id).LoadLatestCheckpoint();
        }

        store.EnsurePlanned(wanted.Select(ToRecord).ToList());
        var wantedIds = wanted.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        RecordSweepPoints(store, plan, wantedIds);

        foreach (var abandoned in store.FindAbandoned().Where(r => wantedIds.Contains(r.Id)))
        {
            observer.Note($"Run {RunIdentity.Short(abandoned.Id)} ({abandoned.Experiment}/{abandoned.Phase}) was left running by process {abandoned.Pid} on {abandoned.Host}, which is gone; it will resume from its last checkpoint.");
        }

        observer.SweepStarted(wanted.Where(r => status.GetValueOrDefault(r.Id) != RunStatus.Done).ToList());

        var device = wanted[0].Spec.Device.Kind;
        var claim = ClaimInfo.ForCurrentProcess(DeviceKindNames.Spelling.Name(device), ToolVersion, GitCommit, HardwareOf?.Invoke(device).ToString());
        var results = new Dictionary<string, RunResult>(StringComparer.Ordinal);
        foreach (var run in wanted.Where(r => status.GetValueOrDefault(r.Id) == RunStatus.Done))
        {
            results[run.Id] = Reused(run);
        }

        var submitted = TrainSubmitted ? new Dictionary<string, RunStore.Submission>() : store.Submissions();
        var waitedFor = new HashSet<string>(StringComparer.Ordinal);
        while (results.Count < wanted.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trainedOne = false;
            foreach (var run in wanted.Where(r => !results.ContainsKey(r.Id)))
            {
                var record = store.Find(run.Id)!;
                if (record.Status == RunStatus.Done)
                {
                    results[run.Id] = Finish(observer, Elsewhere(run, record));
                    continue;
                }

                if (record.Status == RunStatus.Failed && record.FinishedAt >= startedAt)
                {
                    results[run.Id] = Finish(observer, new RunResult(run.Id, run.Experiment, run.Phase, RunOutcome.Failed, Took(record), null, record.Error));
                    continue;
                }

                if (submitted.TryGetValue(run.Id, out var submission))
                {
                    results[run.Id] = Finish(observer, new RunResult(run.Id, run.Experiment, run.Phase, RunOutcome.Submitted, TimeSpan.Zero, null, string.Create(CultureInfo.InvariantCulture,
                        $"{submission.Launcher} job {submission.JobId} (submitted {submission.SubmittedAt:yyyy-MM-dd HH:mm} UTC) trains it; 'ofaexp ingest {submission.BundleDir}' when it is done, or sweep with --train-submitted to train it here")));
                    continue;
                }

                if (WaitsForSubmitted(run, results) is { } waiting)
                {
                    results[run.Id] = Finish(observer, new RunResult(run.Id, run.Experiment, run.Phase, RunOutcome.Submitted, TimeSpan.Zero, null, waiting));
                    continue;
                }

                if (Blocked(run, results, wantedIds) is { } why)
                {
                    results[run.Id] = Finish(observer, new RunResult(run.Id, run.Experiment, run.Phase, RunOutcome.Skipped, TimeSpan.Zero, null, why));
                    continue;
                }

                if (!Ready(run, results, wantedIds))
                {
                    continue;
                }

                if (!store.TryClaim(run.Id, claim))
                {
                    if (waitedFor.Add(run.Id) && store.Find(run.Id) is { Status: RunStatus.Running } owner)
                    {
                        observer.Note($"Run {RunIdentity.Short(run.Id)} ({run.Experiment}/{run.Phase}) is being trained by process {owner.Pid} on {owner.Host}; waiting for it.");
                    }

                    continue;
                }

                results[run.Id] = Finish(observer, Train(plan, run, observer, record.Hardware, claim.Hardware, cancellationToken));
                trainedOne = true;

                // Plan order again from the top: the run just finished may have made earlier-listed runs ready.
                break;
            }

            if (!trainedOne && results.Count < wanted.Count)
            {
                // Everything left is being trained elsewhere or waits for such a run.
                cancellationToken.WaitHandle.WaitOne(PollInterval);
            }
        }

        return wanted.Select(r => results[r.Id]).ToList();
    }

    /// <summary>
    /// Records each experiment's sweep points, whole or not at all (recording replaces them). When only some runs
    /// were asked for (`ofaexp run ID`), leaves not planned yet would have no row to point at; a later sweep records them.
    /// </summary>
    internal static void RecordSweepPoints(RunStore store, RunPlan plan, HashSet<string> wantedIds)
    {
        foreach (var experiment in plan.Experiments)
        {
            var points = plan.Points.Where(p => p.Experiment == experiment.Name).ToList();
            var leaves = points.Select(p => p.RunIds[^1]).ToList();
            var stored = store.StatusOf(leaves.Where(id => !wantedIds.Contains(id)));
            if (leaves.All(id => wantedIds.Contains(id) || stored.ContainsKey(id)))
            {
                store.RecordSweepPoints(experiment.Name, points.Select(p => new SweepPoint(p.Experiment, p.Index, p.PointJson, p.RunIds[^1])).ToList());
            }
        }
    }

    /// <summary>
    /// Why <paramref name="run"/> cannot run in this sweep, or null: its parent or teacher failed or was skipped here,
    /// or is a run outside this sweep (only a teacher can be) that is not done and so will not become done.
    /// </summary>
    private string? Blocked(PlannedRun run, Dictionary<string, RunResult> results, HashSet<string> wantedIds)
    {
        foreach (var (role, id) in new[] { ("parent", run.ParentId), ("teacher", run.TeacherId) })
        {
            var blocked = id is not null && (results.TryGetValue(id, out var result)
                ? result.Outcome is RunOutcome.Failed or RunOutcome.Skipped
                : !wantedIds.Contains(id) && store.Find(id)?.Status != RunStatus.Done);
            if (blocked)
            {
                return $"{role} {RunIdentity.Short(id!)} is not done";
            }
        }

        return null;
    }

    /// <summary>Why <paramref name="run"/> waits for a run that a cluster job trains (its parent or teacher, or theirs), or null.</summary>
    private static string? WaitsForSubmitted(PlannedRun run, Dictionary<string, RunResult> results)
    {
        foreach (var (role, id) in new[] { ("parent", run.ParentId), ("teacher", run.TeacherId) })
        {
            if (id is not null && results.TryGetValue(id, out var result) && result.Outcome == RunOutcome.Submitted)
            {
                return $"waits for its {role} {RunIdentity.Short(id)}, which a cluster job trains";
            }
        }

        return null;
    }

    private static bool Ready(PlannedRun run, Dictionary<string, RunResult> results, HashSet<string> wantedIds) =>
        IsDone(run.ParentId, results, wantedIds) && IsDone(run.TeacherId, results, wantedIds);

    /// <summary>Whether a needed run is done: resolved done in this sweep, or (outside it) not blocked, which means done.</summary>
    private static bool IsDone(string? id, Dictionary<string, RunResult> results, HashSet<string> wantedIds) =>
        id is null || !wantedIds.Contains(id)
        || (results.TryGetValue(id, out var r) && r.Outcome is RunOutcome.Trained or RunOutcome.Reused or RunOutcome.TrainedElsewhere);

    private RunResult Elsewhere(PlannedRun run, RunRecord record) =>
        new(run.Id, run.Experiment, run.Phase, RunOutcome.TrainedElsewhere, Took(record), LastValTop1(store.Metrics(run.Id)), null);

    private static TimeSpan Took(RunRecord record) =>
        record is { StartedAt: { } started, FinishedAt: { } finished } && finished > started ? finished - started : TimeSpan.Zero;

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

            if (ancestor.Role == role)
            {
                return FinalModel(ancestor.Id, "Ancestor");
            }

            at = ancestor.ParentId;
        }

        return null;
    }

    /// <param name="previousHardware">The run's hardware record before this claim (what its last attempt ran on).</param>
    /// <param name="hardware">This process's, which the claim recorded.</param>
    private RunResult Train(RunPlan plan, PlannedRun run, ISweepObserver observer, string? previousHardware, string? hardware, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var recorder = new StoreRunRecorder(store, artifacts, run.Id);
        try
        {
            // Metrics written after the last checkpoint belong to an epoch that will be trained again; subnet
            // evaluations describe the final model, which this attempt evaluates again when it finishes.
            var checkpoint = recorder.LoadLatestCheckpoint();
            store.DeleteMetricsAfter(run.Id, (checkpoint?.EpochsDone ?? 0) - 1);
            if (run.Role != PhaseRole.AccuracyDataset)
            {
                // An accuracy data set records each pair as it is measured and resumes after the last one.
                store.DeleteEvaluations(run.Id);
            }

            // What an earlier attempt saved shaped this run's numbers too, on whatever hardware that attempt ran.
            var resumed = checkpoint is not null || (run.Role == PhaseRole.AccuracyDataset && store.Evaluations(run.Id).Count > 0);
            if (resumed && hardware is not null && previousHardware != hardware)
            {
                store.RecordHardware(run.Id, HardwareClass.Resumed(previousHardware, hardware));
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
            if (outcome.Times is { } times)
            {
                RecordTimes(run, times, metrics, clock.Elapsed, observer);
            }

            store.Complete(run.Id, ResultDigest.Compute(metrics.Where(m => !MeasurementMetrics.IsMeasurement(m.Name)), modelSha));
            return new RunResult(run.Id, run.Experiment, run.Phase, RunOutcome.Trained, clock.Elapsed, LastValTop1(metrics), null);
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

            return new RunResult(run.Id, run.Experiment, run.Phase, RunOutcome.Failed, clock.Elapsed, null, message);
        }
    }

    /// <summary>
    /// Where the run's time went: stored as measurement metrics (out of the result digest) at the last epoch it
    /// recorded, and printed, with the time the executor spent outside the trainer (models read from and written to
    /// the artifact store).
    /// </summary>
    private void RecordTimes(PlannedRun run, PhaseTimes times, IReadOnlyList<MetricPoint> metrics, TimeSpan elapsed, ISweepObserver observer)
    {
        store.AddMetrics(run.Id, times.ToMetrics(metrics.Count == 0 ? 0 : metrics.Max(m => m.Epoch)));
        var outside = Math.Max(0, elapsed.TotalSeconds - times.TotalSeconds);
        observer.Note(string.Create(
            CultureInfo.InvariantCulture,
            $"Time of run {RunIdentity.Short(run.Id)} ({run.Experiment}/{run.Phase}): {times.ToText()}; outside the trainer {outside:F1} s."));
    }

    /// <summary>What the next attempt of an interrupted run starts from, as the end of "the next sweep ...".</summary>
    private static string WhereItResumes(PlannedRun run, StoreRunRecorder recorder) => recorder.LatestCheckpoint() switch
    {
        { Kind: StoreRunRecorder.MidEpochCheckpointKind, Epoch: var epoch } => $"resumes it in epoch {epoch + 1} from its mid-epoch checkpoint",
        { Epoch: var epoch } => $"resumes it after epoch {epoch + 1}",
        null when run.Role == PhaseRole.AccuracyDataset => "resumes it after its last recorded pair",
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
        return ModelOfCheckpoint(artifacts.ReadVerified(checkpoint.Sha256));
    }

    private static RunResult Finish(ISweepObserver observer, RunResult result)
    {
        observer.RunFinished(result);
        return result;
    }

    private RunResult Reused(PlannedRun run) =>
        new(run.Id, run.Experiment, run.Phase, RunOutcome.Reused, TimeSpan.Zero, LastValTop1(store.Metrics(run.Id)), null);

    private static double? LastValTop1(IReadOnlyList<MetricPoint> metrics) =>
        metrics.LastOrDefault(m => m.Step == -1 && m.Name == "val_top1")?.Value;

    /// <summary>The requested runs and every ancestor they need, in plan order.</summary>
    internal static IReadOnlyList<PlannedRun> Closure(RunPlan plan, IReadOnlyCollection<string> only)
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

    internal static RunRecord ToRecord(PlannedRun r) => new(
        r.Id, r.Experiment, r.Phase, r.ParentId, r.ConfigJson, RunStatus.Pending, 0,
        null, null, null, null, null, null, DateTimeOffset.UtcNow, null, null, null, null, null);
}
