using System.Diagnostics;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Cli.Execution;
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
        cmd.OnExecute(() =>
        {
            var fingerprints = new FingerprintSource(null);
            var plan = PlanBuilder.Build(Args.Required(dir), overrides.Values, fingerprints.Fingerprint);
            return Execute(plan, null, common.Workspace, fingerprints.Computed);
        });
    }

    /// <summary>Shared by sweep and run: train (a subset of) the plan, rewrite tables and figures, print the summary.</summary>
    /// <param name="fingerprints">Dataset fingerprints computed while planning, recorded so recorded runs can be planned without the data.</param>
    public static int Execute(Core.Planning.RunPlan plan, IReadOnlyCollection<string>? only, Workspace workspace, IReadOnlyDictionary<string, string> fingerprints)
    {
        var clock = Stopwatch.StartNew();
        var progress = ConsoleProgress.ForStandardError();
        TorchPhaseTrainer.CheckSearchTargets(plan);
        using var store = workspace.OpenStore();
        store.RecordDataFingerprints(fingerprints);
        var artifacts = new ArtifactStore(workspace.StoreDir);
        TorchPhaseTrainer.CheckSearchTargets(plan, id => store.Find(id)?.Status == Core.Runs.RunStatus.Done
            && store.Artifacts(id).LastOrDefault(a => a.Kind == "model") is { } model ? artifacts.ReadVerified(model.Sha256) : null);
        using var signals = new StopSignals(progress.Note);
        try
        {
            var results = new SweepExecutor(store, artifacts, TorchPhaseTrainer.Train) { StopReason = () => signals.Reason }
                .Execute(plan, only, progress, signals.Token);
            progress.Finish();
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

            return results.Any(r => r.Outcome is "failed" or "skipped") ? ExitCodes.RunFailed : ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (signals.Received is not null)
        {
            // Tables and figures are left as they were: the next sweep, which resumes the run, rewrites them.
            progress.Finish();
            Console.Error.WriteLine($"Stopped by {signals.Reason} (exit code {signals.ExitCode}). Run the same command again to continue where it stopped.");
            return signals.ExitCode;
        }
    }
}
