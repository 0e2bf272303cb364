namespace OfaExp.Cli.Tests;

/// <summary>
/// Runs handed to Slurm are not trained again by a local sweep while their jobs may still train them: they, and the
/// runs that need them, are reported as submitted (exit 0) until their bundles are ingested, unless
/// --train-submitted asks for them. A stand-in sbatch on PATH accepts the jobs and runs nothing.
/// </summary>
public sealed class SubmittedRunsTests
{
    [Fact]
    public void A_local_sweep_leaves_runs_submitted_to_slurm_to_their_jobs_unless_told_to_train_them()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.TinyShrinking(kernelEpochs: 1));
        var bin = Path.Combine(box.Root, "bin");
        Directory.CreateDirectory(bin);
        var sbatch = Path.Combine(bin, "sbatch");
        File.WriteAllText(sbatch, "#!/bin/sh\necho 4242\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(sbatch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var path = new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };

        var submit = Tool.Start(box.Root, path, "sweep", "experiments/e", "--launcher", "slurm").Wait();
        Assert.True(submit.Exit == 0, submit.Err);
        Assert.Contains("2 submitted", submit.Out, StringComparison.Ordinal);

        var local = box.Run("sweep", "experiments/e");
        Assert.True(local.Exit == 0, local.Err);
        Assert.Contains("0 trained, 0 reused, 0 failed, 0 skipped, 2 submitted", local.Out, StringComparison.Ordinal);
        Assert.Contains("slurm job 4242_0 (submitted ", local.Out, StringComparison.Ordinal);
        Assert.Contains("'ofaexp ingest ", local.Out, StringComparison.Ordinal);
        Assert.Contains("--train-submitted", local.Out, StringComparison.Ordinal);

        var forced = box.Run("sweep", "experiments/e", "--train-submitted");
        Assert.True(forced.Exit == 0, forced.Err);
        Assert.Contains("2 trained, 0 reused, 0 failed, 0 skipped", forced.Out, StringComparison.Ordinal);

        var slurmAndForced = box.Run("sweep", "experiments/e", "--launcher", "slurm", "--train-submitted");
        Assert.Equal(2, slurmAndForced.Exit);
        Assert.Contains("--train-submitted is for --launcher local", slurmAndForced.Err, StringComparison.Ordinal);
    }
}
