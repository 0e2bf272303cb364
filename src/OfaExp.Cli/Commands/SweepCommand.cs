using OfaExp.Execution.Planning;
using OfaExp.Execution.Outputs;
using OfaExp.Execution;
using System.Diagnostics;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Execution;
using OfaExp.Cli.Launch;
using OfaExp.Cli.Output;
using OfaExp.Core.Errors;
using OfaExp.Execution.UseCases;

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

            if (workers is { } count)
            {
                WorkerProcesses.CheckCores(plan, count, Environment.ProcessorCount);
            }

            // A worker another sweep started trains alone in its process: its parent chose the count.
            return Execute(plan, null, common.Workspace, fingerprints.Computed, launch.WorkerOf is null ? workers : 1, launch.WorkerOf, launch.TrainSubmitted, launch.SweepWorkers);
        });
    }

    /// <summary>The use cases' host in this tool: the TorchSharp trainer and the provenance recorded with each run.</summary>
    public static SweepHost Host { get; } = new(
        TorchPhaseTrainer.Train,
        TorchPhaseTrainer.ModelOfCheckpoint,
        ToolInfo.Version,
        ToolInfo.GitCommit,
        device => HardwareProbe.Probe(device, TorchPhaseTrainer.TorchSharpVersion(), ToolInfo.Libtorch));

    /// <summary>Shared by sweep and run: train (a subset of) the plan (<see cref="SweepUseCase.Sweep"/>), then print the summary, tables and figures.</summary>
    /// <param name="fingerprints">Dataset fingerprints computed while planning, recorded so recorded runs can be planned without the data.</param>
    /// <param name="workers">Local processes to train with (this one included), null to choose (<see cref="WorkerChoice.Auto"/>); see <see cref="LocalWorkersLauncher"/>.</param>
    /// <param name="workerOf">Set when this process is one of another sweep's workers: it trains and leaves the reporting to that sweep.</param>
    /// <param name="trainSubmitted">Train runs submitted to Slurm and not ingested yet too (sweep --train-submitted; `run ID` always does).</param>
    /// <param name="sweepWorkers">For a worker: the processes of the sweep that started it, which its ETA divides the work by.</param>
    public static int Execute(
        Core.Planning.RunPlan plan, IReadOnlyCollection<string>? only, Workspace workspace, IReadOnlyDictionary<string, string> fingerprints, int? workers = 1,
        DateTimeOffset? workerOf = null, bool trainSubmitted = false, int sweepWorkers = 1)
    {
        var clock = Stopwatch.StartNew();
        if (plan.Runs.Any(r => r.Spec.Device is { Kind: Core.Spec.DeviceKind.Cpu, Threads: > 1 }))
        {
            WaitPolicy.Govern();
        }

        var progress = ConsoleProgress.ForStandardError();
        var cuda = plan.Runs.Any(r => r.Spec.Device.Kind == Core.Spec.DeviceKind.Cuda);
        var report = SweepUseCase.Sweep(
            Host, plan, only, workspace, fingerprints, progress,
            (startedAt, others) => WorkerProcesses.For(others + 1, startedAt, cuda),
            workerOf,
            trainSubmitted,
            workers,
            sweepWorkers);
        progress.Finish();
        if (report.Stopped is { } stopped)
        {
            Console.Error.WriteLine($"Stopped by {stopped.Reason} (exit code {stopped.ExitCode}). Run the same command again to continue where it stopped.");
            return report.ExitCode;
        }

        if (workerOf is not null)
        {
            // The sweep that started this worker reports every run and writes the tables once.
            return report.ExitCode;
        }

        Console.Out.Write(SweepSummary.Render(report.Results, clock.Elapsed));
        // What --workers chose and why, when it chose (auto) or when several trained.
        if (report.Workers is { } chosen && (workers is null || chosen.Count > 1) && report.Results.Any(r => r.Ran))
        {
            Console.Out.WriteLine($"Trained with {chosen.Reason}.");
        }

        var spinning = Nn.Threads.SpinGovernor.Report();
        if (SweepSummary.SpinNote(spinning, clock.Elapsed) is { } spin)
        {
            (spinning.State == Nn.Threads.SpinGovernorState.Unavailable ? Console.Error : Console.Out).WriteLine(spin);
        }

        foreach (var (path, changed) in report.Tables)
        {
            Console.Out.WriteLine($"table {Path.GetRelativePath(Environment.CurrentDirectory, path)} {(changed ? "written" : "unchanged")}");
        }

        foreach (var (path, changed) in report.Figures)
        {
            Console.Out.WriteLine(FiguresCommand.Line(path, changed));
        }

        FiguresCommand.WarnWithoutFixedFont(report.Figures.Count);
        return report.ExitCode;
    }

    /// <summary>`sweep --launcher slurm`: submit the pending runs (<see cref="SweepUseCase.Submit"/>) and say how to collect them.</summary>
    private static int Submit(Core.Planning.RunPlan plan, Workspace workspace, IReadOnlyDictionary<string, string> fingerprints, SlurmOptions options, string dir, IReadOnlyList<string> overrides)
    {
        var clock = Stopwatch.StartNew();
        var results = SweepUseCase.Submit(plan, workspace, fingerprints, options, id => WorkerProcesses.SlurmTask(id, dir, overrides, options.BundlesDir), ConsoleProgress.ForStandardError());
        Console.Out.Write(SweepSummary.Render(results, clock.Elapsed));
        if (results.Any(r => r.Outcome == RunOutcome.Submitted))
        {
            Console.Out.WriteLine($"When the jobs are done ('squeue' lists them; 'ofaexp status' shows each run's job): ofaexp ingest {options.BundlesDir} && ofaexp tables {dir}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// `run ID --bundles DIR`: train one run in its run bundle, as a cluster task does (<see cref="SweepUseCase.RunInBundle"/>).
    /// Exit 0 when the run is done, 1 when it failed or an ancestor's bundle is missing, 130/143 when stopped by a
    /// signal (a requeued task resumes it).
    /// </summary>
    public static int ExecuteInBundle(Core.Planning.RunPlan plan, string runId, string bundlesDir)
    {
        var progress = ConsoleProgress.ForStandardError();
        var report = SweepUseCase.RunInBundle(Host, plan, runId, bundlesDir, progress);
        progress.Finish();
        if (report.Stopped is { } stopped)
        {
            Console.Error.WriteLine($"Stopped by {stopped.Reason} (exit code {stopped.ExitCode}); the run resumes from its checkpoint when the task runs again.");
            return stopped.ExitCode;
        }

        var result = report.Results[0];
        Console.Out.WriteLine(ProgressText.Finished(result));
        return result.Outcome is RunOutcome.Trained or RunOutcome.Reused ? ExitCodes.Ok : ExitCodes.RunFailed;
    }
}
