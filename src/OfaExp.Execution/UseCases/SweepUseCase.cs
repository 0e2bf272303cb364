using System.Diagnostics;
using OfaExp.Core.Planning;
using OfaExp.Execution.Outputs;
using OfaExp.Execution.Planning;
using OfaExp.Storage;

namespace OfaExp.Execution.UseCases;

/// <summary>
/// The use cases that train: a sweep (in this process or with local workers), a Slurm submission and one run in its
/// bundle. Each checks what the plan alone cannot (latency targets against recorded tables), opens the store, runs
/// the launcher and, for a sweep, rewrites the plan's tables and figures from the store. They print nothing: the
/// observer hears progress, and the returned report says what happened.
/// </summary>
public static class SweepUseCase
{
    /// <param name="fingerprints">Dataset fingerprints computed while planning, recorded so recorded runs can be planned without the data.</param>
    /// <param name="workerProcesses">
    /// The other local workers to start, from the sweep's start time and their number (null: train in this process
    /// alone); see <see cref="LocalWorkersLauncher"/>.
    /// </param>
    /// <param name="workers">Worker processes, this one included; null chooses them (<see cref="WorkerChoice.Auto"/>).</param>
    /// <param name="workerOf">Set when this process is one of another sweep's workers: it trains and leaves tables and figures to that sweep.</param>
    /// <param name="trainSubmitted">Train runs submitted to a cluster scheduler and not ingested yet (<see cref="SweepExecutor.TrainSubmitted"/>).</param>
    /// <param name="sweepWorkers">
    /// For a worker (<paramref name="workerOf"/> set): the processes of the sweep that started it. Its ETA shares the
    /// work left among them like the sweep's own, instead of printing the serial time beside the sweep's lines.
    /// </param>
    public static SweepReport Sweep(
        SweepHost host, RunPlan plan, IReadOnlyCollection<string>? only, Workspace workspace, IReadOnlyDictionary<string, string> fingerprints,
        ISweepObserver observer, Func<DateTimeOffset, int, IReadOnlyList<ProcessStartInfo>>? workerProcesses = null, DateTimeOffset? workerOf = null,
        bool trainSubmitted = false, int? workers = 1, int sweepWorkers = 1)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(observer);
        using var store = workspace.OpenStore();
        store.RecordDataFingerprints(fingerprints);
        var artifacts = new ArtifactStore(workspace.StoreDir);
        SearchTargetCheck.Latency(plan, id => store.Find(id)?.Status == Core.Runs.RunStatus.Done
            && store.Artifacts(id).LastOrDefault(a => a.Kind == "model") is { } model ? artifacts.ReadVerified(model.Sha256) : null);
        using var signals = new StopSignals(observer.Note);
        try
        {
            var startedAt = workerOf ?? store.UtcNow();
            var executor = NewExecutor(host, plan, store, artifacts, signals, startedAt, trainSubmitted);
            // Read the store's statuses only when auto chooses or the note about timing runs may be needed.
            var pending = workers is null || (workers > 1 && workerOf is null) ? Pending(plan, only, store) : [];
            var choice = workers is { } count ? WorkerChoice.Explicit(count) : WorkerChoice.Auto(plan, pending, Environment.ProcessorCount);
            if (choice.Count > 1 && workerOf is null && pending.Count(WorkerChoice.Times) is > 0 and var timed)
            {
                observer.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{timed} latency table and search {(timed == 1 ? "run times" : "runs time")} this machine beside the other workers' training: their latencies and search times will be skewed. --workers 1 (or auto) runs them alone."));
            }

            var others = choice.Count > 1 ? workerProcesses?.Invoke(startedAt, choice.Count - 1) ?? [] : [];
            ILauncher launcher = others.Count > 0 ? new LocalWorkersLauncher(executor, others) : new InProcessLauncher(executor);
            observer.WorkersChosen(workerOf is null ? others.Count + 1 : Math.Max(1, sweepWorkers));
            var results = launcher.Launch(plan, only, observer, signals.Token);
            if (workerOf is not null)
            {
                return new SweepReport(results, [], [], null);
            }

            var tables = TableRegenerator.Regenerate(plan, store, workspace.TablesDir);
            var figures = FigureRegenerator.Regenerate(plan, store, workspace.FiguresDir);
            return new SweepReport(results, tables, figures, null) { Workers = choice };
        }
        catch (OperationCanceledException) when (signals.Received is not null)
        {
            // Tables and figures are left as they were: the next sweep, which resumes the run, rewrites them.
            return new SweepReport([], [], [], (signals.Reason, signals.ExitCode));
        }
    }

    /// <summary>`sweep --launcher slurm`: submit the pending runs as job arrays (<see cref="SlurmLauncher"/>).</summary>
    /// <param name="taskCommand">The command line a task runs for a run id (the tool's `run ID --bundles DIR`).</param>
    public static IReadOnlyList<RunResult> Submit(
        RunPlan plan, Workspace workspace, IReadOnlyDictionary<string, string> fingerprints, SlurmOptions options,
        Func<string, IReadOnlyList<string>> taskCommand, ISweepObserver observer)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        using var store = workspace.OpenStore();
        store.RecordDataFingerprints(fingerprints);
        var launcher = new SlurmLauncher(store, new ArtifactStore(workspace.StoreDir), options, taskCommand);
        return launcher.Launch(plan, null, observer, CancellationToken.None);
    }

    /// <summary>
    /// `run ID --bundles DIR`: train one run in its run bundle, as a cluster task does (see <see cref="BundleTask"/>).
    /// The report holds that run's result (or the signal that stopped it: a requeued task resumes it).
    /// </summary>
    public static SweepReport RunInBundle(SweepHost host, RunPlan plan, string runId, string bundlesDir, ISweepObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        using var signals = new StopSignals(observer.Note);
        try
        {
            var results = BundleTask.Run(plan, runId, bundlesDir, (store, artifacts) => NewExecutor(host, plan, store, artifacts, signals, null, trainSubmitted: true), observer, signals.Token);
            return new SweepReport([results.First(r => r.RunId == runId)], [], [], null);
        }
        catch (OperationCanceledException) when (signals.Received is not null)
        {
            return new SweepReport([], [], [], (signals.Reason, signals.ExitCode));
        }
    }

    private static List<PlannedRun> Pending(RunPlan plan, IReadOnlyCollection<string>? only, RunStore store)
    {
        var wanted = only is null ? plan.Runs : SweepExecutor.Closure(plan, only);
        var status = store.StatusOf(wanted.Select(r => r.Id));
        return [.. wanted.Where(r => status.GetValueOrDefault(r.Id) != Core.Runs.RunStatus.Done)];
    }

    private static SweepExecutor NewExecutor(
        SweepHost host, RunPlan plan, RunStore store, ArtifactStore artifacts, StopSignals signals, DateTimeOffset? startedAt, bool trainSubmitted) =>
        new(store, artifacts, host.Train)
        {
            StopReason = () => signals.Reason,
            ModelOfCheckpoint = host.ModelOfCheckpoint,
            ToolVersion = host.ToolVersion,
            GitCommit = host.GitCommit(plan.Experiments[0].Directory),
            HardwareOf = host.HardwareOf,
            SweepStartedAt = startedAt,
            TrainSubmitted = trainSubmitted,
        };
}
