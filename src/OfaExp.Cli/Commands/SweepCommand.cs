using OfaExp.Execution.Planning;
using OfaExp.Execution.Outputs;
using OfaExp.Execution;
using System.Diagnostics;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Execution;
using OfaExp.Cli.Launch;
using OfaExp.Cli.Output;
using OfaExp.Core.Errors;
using OfaExp.Storage;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp sweep DIR`: run every pending run of the experiments under DIR, then rewrite their tables and figures.</summary>
public static class SweepCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Run what is not done yet for every experiment under DIR, record it, and regenerate the tables and figures.";
        var dir = cmd.Argument("DIR", "Experiment directory (every experiment.yaml below it)");
        var overrides = cmd.Argument("OVERRIDES", "key.path=value settings applied on top of the files", multipleValues: true);
        var common = new CommonOptions(cmd);
        var launch = new LaunchOptions(cmd);
        cmd.OnExecute(() =>
        {
            var workers = launch.Workers;
            var slurm = launch.Slurm;
            var fingerprints = new FingerprintSource(null);
            var plan = PlanBuilder.Build(Args.Required(dir), overrides.Values, fingerprints.Fingerprint);
            if (slurm)
            {
                return Submit(plan, common.Workspace, fingerprints.Computed, launch.SlurmOptions(common.Workspace.ArtifactsDir), Args.Required(dir), overrides.Values.OfType<string>().ToList());
            }

            WorkerProcesses.CheckCores(plan, workers, Environment.ProcessorCount);
            return Execute(plan, null, common.Workspace, fingerprints.Computed, workers, launch.WorkerOf);
        });
    }

    /// <summary>Shared by sweep and run: train (a subset of) the plan, rewrite tables and figures, print the summary.</summary>
    /// <param name="fingerprints">Dataset fingerprints computed while planning, recorded so recorded runs can be planned without the data.</param>
    /// <param name="workers">Local processes to train with (this one included); see <see cref="LocalWorkersLauncher"/>.</param>
    /// <param name="workerOf">Set when this process is one of another sweep's workers: it trains and leaves the reporting to that sweep.</param>
    public static int Execute(Core.Planning.RunPlan plan, IReadOnlyCollection<string>? only, Workspace workspace, IReadOnlyDictionary<string, string> fingerprints, int workers = 1, DateTimeOffset? workerOf = null)
    {
        var clock = Stopwatch.StartNew();
        var progress = ConsoleProgress.ForStandardError();
        using var store = workspace.OpenStore();
        store.RecordDataFingerprints(fingerprints);
        var artifacts = new ArtifactStore(workspace.StoreDir);
        SearchTargetCheck.Latency(plan, id => store.Find(id)?.Status == Core.Runs.RunStatus.Done
            && store.Artifacts(id).LastOrDefault(a => a.Kind == "model") is { } model ? artifacts.ReadVerified(model.Sha256) : null);
        using var signals = new StopSignals(progress.Note);
        try
        {
            var startedAt = workerOf ?? store.UtcNow();
            var executor = NewExecutor(plan, store, artifacts, signals, startedAt);
            ILauncher launcher = workers > 1
                ? new LocalWorkersLauncher(executor, WorkerProcesses.For(workers, startedAt, plan.Runs.Any(r => r.Spec.Device.Kind == DeviceCheck.Cuda)))
                : new InProcessLauncher(executor);
            var results = launcher.Launch(plan, only, progress, signals.Token);
            progress.Finish();
            if (workerOf is not null)
            {
                // The sweep that started this worker reports every run and writes the tables once.
                return results.Any(r => r.Outcome is RunOutcome.Failed or RunOutcome.Skipped) ? ExitCodes.RunFailed : ExitCodes.Ok;
            }

            var tables = TableRegenerator.Regenerate(plan, store, workspace.TablesDir);
            var figures = FigureRegenerator.Regenerate(plan, store, workspace.FiguresDir);
            Console.Out.Write(SweepSummary.Render(results, clock.Elapsed));
            foreach (var (path, changed) in tables)
            {
                Console.Out.WriteLine($"table {Path.GetRelativePath(Environment.CurrentDirectory, path)} {(changed ? "written" : "unchanged")}");
            }

            foreach (var (path, changed) in figures)
            {
                Console.Out.WriteLine(FiguresCommand.Line(path, changed));
            }

            FiguresCommand.WarnWithoutFixedFont(figures.Count);

            return results.Any(r => r.Outcome is RunOutcome.Failed or RunOutcome.Skipped) ? ExitCodes.RunFailed : ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (signals.Received is not null)
        {
            // Tables and figures are left as they were: the next sweep, which resumes the run, rewrites them.
            progress.Finish();
            Console.Error.WriteLine($"Stopped by {signals.Reason} (exit code {signals.ExitCode}). Run the same command again to continue where it stopped.");
            return signals.ExitCode;
        }
    }

    /// <summary>`sweep --launcher slurm`: submit the pending runs (<see cref="SlurmLauncher"/>) and say how to collect them.</summary>
    private static int Submit(Core.Planning.RunPlan plan, Workspace workspace, IReadOnlyDictionary<string, string> fingerprints, SlurmOptions options, string dir, IReadOnlyList<string> overrides)
    {
        var clock = Stopwatch.StartNew();
        using var store = workspace.OpenStore();
        store.RecordDataFingerprints(fingerprints);
        var launcher = new SlurmLauncher(store, new ArtifactStore(workspace.StoreDir), options, id => WorkerProcesses.SlurmTask(id, dir, overrides, options.BundlesDir));
        var results = launcher.Launch(plan, null, ConsoleProgress.ForStandardError(), CancellationToken.None);
        Console.Out.Write(SweepSummary.Render(results, clock.Elapsed));
        if (results.Any(r => r.Outcome == RunOutcome.Submitted))
        {
            Console.Out.WriteLine($"When the jobs are done ('squeue' lists them; 'ofaexp status' shows each run's job): ofaexp ingest {options.BundlesDir} && ofaexp tables {dir}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// `run ID --bundles DIR`: train one run in its run bundle, as a cluster task does (see <see cref="BundleTask"/>).
    /// Exit 0 when the run is done, 1 when it failed or an ancestor's bundle is missing, 130/143 when stopped by a
    /// signal (a requeued task resumes it).
    /// </summary>
    public static int ExecuteInBundle(Core.Planning.RunPlan plan, string runId, string bundlesDir)
    {
        var progress = ConsoleProgress.ForStandardError();
        using var signals = new StopSignals(progress.Note);
        try
        {
            var results = BundleTask.Run(plan, runId, bundlesDir, (store, artifacts) => NewExecutor(plan, store, artifacts, signals, null), progress, signals.Token);
            progress.Finish();
            var result = results.First(r => r.RunId == runId);
            Console.Out.WriteLine(ProgressText.Finished(result));
            return result.Outcome is RunOutcome.Trained or RunOutcome.Reused ? ExitCodes.Ok : ExitCodes.RunFailed;
        }
        catch (OperationCanceledException) when (signals.Received is not null)
        {
            progress.Finish();
            Console.Error.WriteLine($"Stopped by {signals.Reason} (exit code {signals.ExitCode}); the run resumes from its checkpoint when the task runs again.");
            return signals.ExitCode;
        }
    }

    private static SweepExecutor NewExecutor(Core.Planning.RunPlan plan, RunStore store, ArtifactStore artifacts, StopSignals signals, DateTimeOffset? startedAt) =>
        new(store, artifacts, TorchPhaseTrainer.Train)
        {
            StopReason = () => signals.Reason,
            ModelOfCheckpoint = TorchPhaseTrainer.ModelOfCheckpoint,
            ToolVersion = ToolInfo.Version,
            GitCommit = ToolInfo.GitCommit(plan.Experiments[0].Directory),
            HardwareOf = device => HardwareProbe.Probe(device, TorchPhaseTrainer.TorchSharpVersion(), ToolInfo.Libtorch),
            SweepStartedAt = startedAt,
        };
}
