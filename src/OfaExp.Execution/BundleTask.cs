using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Execution;

/// <summary>
/// What one cluster task does (`ofaexp run ID --bundles DIR`): train one run inside its own bundle. The finished
/// ancestors it needs (parent chain and teacher) are copied in from their bundles first, verified; the run is then
/// trained by the usual executor against the bundle's store, and the manifest is written when it is done. A task
/// that was requeued (preempted, or stopped at its time limit) finds its bundle and resumes from its checkpoint.
/// </summary>
public static class BundleTask
{
    public static IReadOnlyList<RunResult> Run(
        RunPlan plan, string runId, string bundlesDir, Func<RunStore, ArtifactStore, SweepExecutor> executorFor,
        ISweepObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(executorFor);
        var byId = plan.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var run = byId[runId];
        var bundle = RunBundle.Of(bundlesDir, runId);
        Directory.CreateDirectory(bundle.Directory);
        using var store = bundle.OpenStore();
        var artifacts = bundle.Artifacts;

        var needed = Needed(run, byId);
        foreach (var id in plan.Runs.Select(r => r.Id).Where(needed.Contains))
        {
            if (store.Find(id)?.Status == RunStatus.Done)
            {
                continue;
            }

            var source = RunBundle.Of(bundlesDir, id);
            if (!source.IsFinished)
            {
                var missing = byId[id];
                var why = $"{(id == run.ParentId ? "parent" : id == run.TeacherId ? "teacher" : "ancestor")} {RunIdentity.Short(id)} ({missing.Experiment}/{missing.Phase}) has no finished bundle in {bundlesDir}";
                observer.Note($"Run {RunIdentity.Short(runId)} ({run.Experiment}/{run.Phase}) cannot start: {why}; see that run's task log.");
                return [new RunResult(runId, run.Experiment, run.Phase, RunOutcome.Skipped, TimeSpan.Zero, null, why)];
            }

            source.Verify(store.SchemaVersion);
            using var from = RunStore.OpenReadOnly(source.DbPath)!;
            RunBundle.CopyRun(from, source.Artifacts, store, artifacts, id);
        }

        // Only this task writes this bundle, so a run still marked running here was left by an earlier attempt of it
        // (requeued after preemption, or on another node whose process this one cannot see): take it over now.
        if (store.Find(runId)?.Status == RunStatus.Running)
        {
            store.Fail(runId, "interrupted; its task was started again");
        }

        var results = executorFor(store, artifacts).Execute(plan, [runId], observer, cancellationToken);
        if (store.Find(runId) is { Status: RunStatus.Done, ResultDigest: { } digest })
        {
            bundle.WriteManifest(digest);
        }

        return results;
    }

    /// <summary>The runs <paramref name="run"/> reads: its parent chain and its teacher with the teacher's chain.</summary>
    private static HashSet<string> Needed(PlannedRun run, Dictionary<string, PlannedRun> byId)
    {
        var needed = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string?>([run.ParentId, run.TeacherId]);
        while (queue.Count > 0)
        {
            if (queue.Dequeue() is { } id && needed.Add(id) && byId.TryGetValue(id, out var ancestor))
            {
                queue.Enqueue(ancestor.ParentId);
                queue.Enqueue(ancestor.TeacherId);
            }
        }

        return needed;
    }
}
