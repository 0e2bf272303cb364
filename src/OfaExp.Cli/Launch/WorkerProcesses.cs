using System.Diagnostics;
using System.Globalization;
using OfaExp.Core.Errors;
using OfaExp.Core.Planning;

namespace OfaExp.Cli.Launch;

/// <summary>The command lines of the worker processes `sweep --workers N` starts: this very command, in worker mode.</summary>
public static class WorkerProcesses
{
    /// <summary>
    /// Fails (exit 2) when <paramref name="workers"/> processes would oversubscribe this machine's cores: libtorch's
    /// CPU threads spin while they wait, so N workers with more threads than cores are each several times slower.
    /// The thread count is part of each run's id, so workers never change it behind the user's back.
    /// </summary>
    public static void CheckCores(RunPlan plan, int workers, int cores)
    {
        var cpu = plan.Runs.Where(r => r.Spec.Device.Kind == Core.Spec.DeviceKind.Cpu).ToList();
        if (workers <= 1 || cpu.Count == 0)
        {
            return;
        }

        var widest = cpu.MaxBy(r => r.Spec.Device.Threads)!;
        var threads = widest.Spec.Device.Threads;
        if (workers * threads > cores)
        {
            throw new OfaExpException(string.Create(CultureInfo.InvariantCulture,
                $"--workers {workers} with device.threads {threads} ({widest.Experiment}) would run {workers * threads} training threads on {cores} cores, and libtorch's waiting threads spin, so every worker would be several times slower than one alone. "
                + $"Give device.threads={Math.Max(1, cores / workers)} on the command line (the thread count is part of each run's id, so those are new runs) or at most {Math.Max(1, cores / threads)} workers."));
        }
    }

    /// <summary>
    /// N-1 start infos for this process's own command line with --workers removed and --worker-of and --sweep-workers
    /// set (a worker's ETA shares the work left among the sweep's N processes, as the sweep's own does); with CUDA runs,
    /// worker i (i from 1; this process is worker 0) sees only GPU i (or the i-th of CUDA_VISIBLE_DEVICES).
    /// </summary>
    public static IReadOnlyList<ProcessStartInfo> For(int workers, DateTimeOffset sweepStartedAt, bool cuda)
    {
        var (host, prefix) = ThisTool();
        var arguments = prefix.Concat(WithoutWorkers(Environment.GetCommandLineArgs().Skip(1).ToList()))
            .Concat(["--worker-of", sweepStartedAt.ToString("O", CultureInfo.InvariantCulture), "--sweep-workers", workers.ToString(CultureInfo.InvariantCulture)])
            .ToList();
        var gpus = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var infos = new List<ProcessStartInfo>();
        for (var i = 1; i < workers; i++)
        {
            var info = new ProcessStartInfo(host, arguments) { UseShellExecute = false };
            if (cuda)
            {
                info.Environment["CUDA_VISIBLE_DEVICES"] = gpus is { Length: > 0 } ? gpus[i % gpus.Length] : i.ToString(CultureInfo.InvariantCulture);
            }

            infos.Add(info);
        }

        return infos;
    }

    /// <summary>
    /// The command line of one Slurm task: this tool's `run RUN_ID --bundles DIR` on the sweep's tree and overrides
    /// (<paramref name="runId"/> stands for the id the task picks from its array).
    /// </summary>
    public static IReadOnlyList<string> SlurmTask(string runId, string experimentsDir, IReadOnlyList<string> overrides, string bundlesDir)
    {
        var (host, prefix) = ThisTool();
        var command = new List<string> { host };
        command.AddRange(prefix);
        command.AddRange(["run", runId]);
        command.AddRange(overrides);
        command.AddRange(["--experiments", Path.GetFullPath(experimentsDir), "--bundles", bundlesDir]);
        return command;
    }

    /// <summary>
    /// The executable that runs this tool and the arguments before the command: `dotnet ofaexp.dll` (how `dotnet tool
    /// run` starts it) needs the assembly again, an apphost does not.
    /// </summary>
    private static (string Host, string[] Prefix) ThisTool()
    {
        var host = Environment.ProcessPath ?? throw new OfaExpException("Cannot tell which executable runs ofaexp, so no worker or task can be started; use --workers 1 and the local launcher.", ExitCodes.Internal);
        return (host, Path.GetFileNameWithoutExtension(host) == "dotnet" ? [Path.GetFullPath(Environment.GetCommandLineArgs()[0])] : []);
    }

    private static IEnumerable<string> WithoutWorkers(List<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--workers")
            {
                i++;
                continue;
            }

            if (!args[i].StartsWith("--workers=", StringComparison.Ordinal) && !args[i].StartsWith("--workers:", StringComparison.Ordinal))
            {
                yield return args[i];
            }
        }
    }
}
