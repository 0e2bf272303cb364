using System.Diagnostics;
using System.Globalization;
using System.Text;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Execution;

/// <summary>
/// `sweep --launcher slurm`: submits the pending runs as one sbatch job array per dependency wave (a run's wave is one
/// more than its parent's and its teacher's), each wave after the previous one ends (afterany: a task whose parent
/// failed finds no finished bundle and exits 1 at once, while independent branches go on). Each array task runs
/// <paramref name="taskCommand"/> with a run id: `ofaexp run ID --bundles DIR` against its own run bundle, never the
/// central store. Finished runs that pending ones need are exported to bundles first. Returns once submitted; `ofaexp
/// ingest DIR` merges the finished bundles, and `status` shows each run's job.
/// </summary>
/// <param name="taskCommand">The command line of one task, given the run id.</param>
public sealed class SlurmLauncher(RunStore store, ArtifactStore artifacts, SlurmOptions options, Func<string, IReadOnlyList<string>> taskCommand) : ILauncher
{
    /// <summary>The sbatch to call; a test may point it elsewhere.</summary>
    public string Sbatch { get; init; } = "sbatch";

    public IReadOnlyList<RunResult> Launch(RunPlan plan, IReadOnlyCollection<string>? only, ISweepObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var wanted = only is null ? plan.Runs : SweepExecutor.Closure(plan, only);
        store.EnsurePlanned(wanted.Select(SweepExecutor.ToRecord).ToList());
        SweepExecutor.RecordSweepPoints(store, plan, wanted.Select(r => r.Id).ToHashSet(StringComparer.Ordinal));
        var status = store.StatusOf(wanted.Select(r => r.Id));
        bool Done(string id) => status.GetValueOrDefault(id) == RunStatus.Done || store.Find(id)?.Status == RunStatus.Done;

        var byId = plan.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var pending = wanted.Where(r => !Done(r.Id)).ToList();
        if (pending.Count == 0)
        {
            return wanted.Select(r => new RunResult(r.Id, r.Experiment, r.Phase, RunOutcome.Reused, TimeSpan.Zero, null, null)).ToList();
        }

        Directory.CreateDirectory(options.BundlesDir);
        foreach (var id in pending.SelectMany(r => new[] { r.ParentId, r.TeacherId }).OfType<string>().Distinct().Where(Done))
        {
            Export(id);
        }

        var wave = new Dictionary<string, int>(StringComparer.Ordinal);
        int WaveOf(string? id) => id is null || Done(id) ? 0 : wave.TryGetValue(id, out var w) ? w : wave[id] = 1 + Math.Max(WaveOf(byId[id].ParentId), WaveOf(byId[id].TeacherId));
        var waves = pending.GroupBy(r => WaveOf(r.Id)).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();

        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var scripts = Path.Combine(options.BundlesDir, "slurm");
        Directory.CreateDirectory(scripts);
        Directory.CreateDirectory(Path.Combine(scripts, "logs"));
        var results = wanted.Where(r => Done(r.Id)).ToDictionary(r => r.Id, r => new RunResult(r.Id, r.Experiment, r.Phase, RunOutcome.Reused, TimeSpan.Zero, null, null), StringComparer.Ordinal);
        string? previous = null;
        for (var k = 0; k < waves.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var script = Path.Combine(scripts, $"{stamp}-wave{k + 1}.sbatch");
            File.WriteAllText(script, Script(waves[k], k + 1, scripts));
            var job = Submit(script, previous);
            store.RecordSubmissions(waves[k].Select((r, i) => (r.Id, $"{job}_{i}")).ToList(), "slurm", options.BundlesDir);
            foreach (var (run, i) in waves[k].Select((r, i) => (r, i)))
            {
                results[run.Id] = new RunResult(run.Id, run.Experiment, run.Phase, RunOutcome.Submitted, TimeSpan.Zero, null, $"Slurm job {job}_{i}");
            }

            observer.Note($"Wave {k + 1} of {waves.Count}: {waves[k].Count} run(s) submitted as Slurm job array {job}{(previous is null ? "" : $", after job {previous}")} ({script}).");
            previous = job;
        }

        return wanted.Select(r => results[r.Id]).ToList();
    }

    /// <summary>Writes a finished bundle of done run <paramref name="id"/> (with its ancestors) from the central store, unless one exists.</summary>
    private void Export(string id)
    {
        var bundle = RunBundle.Of(options.BundlesDir, id);
        if (bundle.IsFinished)
        {
            return;
        }

        Directory.CreateDirectory(bundle.Directory);
        using var to = bundle.OpenStore();
        var chain = new List<string>();
        for (string? at = id; at is not null; at = store.Find(at)?.ParentId)
        {
            chain.Insert(0, at);
        }

        foreach (var run in chain)
        {
            RunBundle.CopyRun(store, artifacts, to, bundle.Artifacts, run);
        }

        bundle.WriteManifest(store.Find(id)!.ResultDigest!);
    }

    private string Script(IReadOnlyList<PlannedRun> runs, int wave, string scripts)
    {
        var cpus = options.CpusPerTask ?? runs.Max(r => r.Spec.Device.Threads);
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name=ofaexp-wave{wave}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{runs.Count - 1}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={cpus}\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(scripts, "logs", "%A_%a.out")}\n");

        // Preempted or stopped at its time limit (SIGTERM), a task checkpoints and exits 143; requeued, it resumes.
        sb.Append("#SBATCH --requeue\n");
        if (options.Partition is { } partition)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={partition}\n");
        }

        if (options.Time is { } time)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={time}\n");
        }

        if (options.GpusPerTask is { } gpus)
        {
            sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --gpus-per-task={gpus}\n");
        }

        sb.Append("set -euo pipefail\n");
        sb.Append("runs=(").AppendJoin(' ', runs.Select(r => r.Id)).Append(")\n");
        sb.Append("# ").AppendJoin(' ', runs.Select(r => $"{RunIdentity.Short(r.Id)}={r.Experiment}/{r.Phase}")).Append('\n');
        sb.Append("cd ").Append(Quote(Environment.CurrentDirectory)).Append('\n');
        var command = taskCommand("RUN_ID");
        sb.Append("exec ").AppendJoin(' ', command.Select(a => a == "RUN_ID" ? "\"${runs[$SLURM_ARRAY_TASK_ID]}\"" : Quote(a))).Append('\n');
        return sb.ToString();
    }

    /// <summary>Runs sbatch --parsable; the job id, or a clear error with sbatch's own message.</summary>
    private string Submit(string script, string? after)
    {
        var info = new ProcessStartInfo(Sbatch) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("--parsable");
        if (after is not null)
        {
            info.ArgumentList.Add($"--dependency=afterany:{after}");
        }

        foreach (var extra in options.ExtraArguments ?? [])
        {
            info.ArgumentList.Add(extra);
        }

        info.ArgumentList.Add(script);
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new OfaExpException($"Cannot run '{Sbatch}' ({e.Message}): --launcher slurm needs Slurm's client commands on PATH, as on a cluster's login node. tools/slurm-local.sh starts a single-node Slurm on this machine to try it.");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            var output = stdout.Result.Trim();
            if (process.ExitCode != 0 || output.Length == 0)
            {
                throw new OfaExpException($"sbatch refused {script} (exit {process.ExitCode}): {stderr.Trim()} Check --partition, --time and the other options against the cluster's limits ('sinfo' lists partitions).", ExitCodes.RunFailed);
            }

            // --parsable prints "jobid" or "jobid;cluster".
            return output.Split(';')[0];
        }
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
