using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;

namespace OfaExp.Cli.Launch;

/// <summary>
/// How `sweep` gets its runs trained: `--launcher local` (default) with `--workers N` local processes (default 1,
/// this process alone), or `--launcher slurm` with the options of <see cref="OfaExp.Execution.SlurmOptions"/>.
/// </summary>
public sealed class LaunchOptions
{
    private readonly CommandOption _launcher;
    private readonly CommandOption _workers;
    private readonly CommandOption _workerOf;
    private readonly CommandOption _sweepWorkers;
    private readonly CommandOption _bundles;
    private readonly CommandOption _partition;
    private readonly CommandOption _time;
    private readonly CommandOption _gpusPerTask;
    private readonly CommandOption _cpusPerTask;
    private readonly CommandOption _sbatchArgs;
    private readonly CommandOption _trainSubmitted;

    public LaunchOptions(CommandLineApplication command)
    {
        _launcher = command.Option("--launcher <KIND>", "local (default: train here) or slurm (submit sbatch job arrays, one per dependency wave, and return; then 'ofaexp ingest' the bundles)", CommandOptionType.SingleValue);
        _bundles = command.Option("--bundles <DIR>", "slurm: where tasks write run bundles, on a file system all nodes share (default: <artifacts>/bundles)", CommandOptionType.SingleValue);
        _partition = command.Option("--partition <P>", "slurm: the partition to submit to", CommandOptionType.SingleValue);
        _time = command.Option("--time <T>", "slurm: each task's time limit (e.g. 2-00:00:00); at it a task checkpoints and is requeued", CommandOptionType.SingleValue);
        _gpusPerTask = command.Option("--gpus-per-task <G>", "slurm: GPUs per task", CommandOptionType.SingleValue);
        _cpusPerTask = command.Option("--cpus-per-task <C>", "slurm: cores per task (default: the runs' device.threads)", CommandOptionType.SingleValue);
        _sbatchArgs = command.Option("--sbatch-arg <ARG>", "slurm: one more sbatch option, passed as given (repeatable, e.g. --sbatch-arg=--account=lab)", CommandOptionType.MultipleValue);
        _workers = command.Option("--workers <N>", "Train with N local processes that claim ready runs from the store, or auto (default): cores / device.threads, at most the runs that can train at once (one for GPU runs, and one while latency tables or searches, which time the machine, are pending). With device.kind cpu, N x device.threads must fit the cores; with cuda, worker i gets GPU i.", CommandOptionType.SingleValue);

        _trainSubmitted = command.Option("--train-submitted", "local: also train runs submitted to Slurm and not ingested yet (by default they are left to their jobs and reported as submitted)", CommandOptionType.NoValue);

        // Internal: the workers that --workers starts are `sweep` processes with this option (the sweep's start time).
        _workerOf = command.Option("--worker-of <TIME>", "", CommandOptionType.SingleValue);
        _workerOf.ShowInHelpText = false;
        _sweepWorkers = command.Option("--sweep-workers <N>", "", CommandOptionType.SingleValue);
        _sweepWorkers.ShowInHelpText = false;
    }

    /// <summary>
    /// True for --launcher slurm; false for local. An unknown launcher, or an option of the other launcher (which
    /// would be silently ignored), is bad input.
    /// </summary>
    public bool Slurm
    {
        get
        {
            var slurm = _launcher.Value() switch
            {
                null or "local" => false,
                "slurm" => true,
                var other => throw new OfaExpException($"--launcher {other}: choose local (train on this machine, with --workers N) or slurm (submit to a Slurm cluster)."),
            };
            var foreign = slurm
                ? new[] { _workers, _trainSubmitted }.Where(o => o.HasValue()).Select(o => o.LongName)
                : new[] { _bundles, _partition, _time, _gpusPerTask, _cpusPerTask, _sbatchArgs }.Where(o => o.HasValue()).Select(o => o.LongName);
            if (foreign.FirstOrDefault() is { } name)
            {
                throw new OfaExpException(slurm
                    ? $"--{name} is for --launcher local; a Slurm sweep runs one task per run (give the cluster's options instead)."
                    : $"--{name} is an option of --launcher slurm; add --launcher slurm, or drop it to train here.");
            }

            return slurm;
        }
    }

    /// <summary>The Slurm options, with the bundle directory defaulting under <paramref name="artifactsDir"/>.</summary>
    public OfaExp.Execution.SlurmOptions SlurmOptions(string artifactsDir) => new(
        Path.GetFullPath(_bundles.Value() ?? Path.Combine(artifactsDir, "bundles")),
        _partition.Value(),
        _time.Value(),
        Count(_gpusPerTask, "--gpus-per-task"),
        Count(_cpusPerTask, "--cpus-per-task"),
        _sbatchArgs.Values.OfType<string>().ToList());

    private static int? Count(CommandOption option, string name) => option.Value() is { } text
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new OfaExpException($"{name} {text}: give a whole number from 1.")
        : null;

    /// <summary>--workers N, or null for auto (the default: <see cref="OfaExp.Execution.WorkerChoice.Auto"/>).</summary>
    public int? Workers => _workers.Value() is { } text && text != "auto"
        ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 256
            ? n
            : throw new OfaExpException($"--workers {text}: give auto (the default: as many as the cores and the runs allow) or a whole number of worker processes from 1 to 256.")
        : null;

    /// <summary>--train-submitted: train runs a Slurm job was given too.</summary>
    public bool TrainSubmitted => _trainSubmitted.HasValue();

    /// <summary>For a worker: how many processes the sweep that started it trains with (1 when not given).</summary>
    public int SweepWorkers => _sweepWorkers.Value() is { } text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 1;

    public DateTimeOffset? WorkerOf => _workerOf.Value() is { } text
        ? DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)
        : null;
}
