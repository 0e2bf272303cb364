using OfaExp.Execution;
using System.Diagnostics;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>A killed sweep leaves no run 'running' forever: the next sweep takes it over and ends where an uninterrupted run ends.</summary>
public sealed class InterruptionTests
{
    private static readonly string ThreeEpochs = Sandbox.Tiny.Replace("epochs: 1", "epochs: 3", StringComparison.Ordinal);

    // A distilled kernel phase of 3 epochs after a 1-epoch teacher: the kill lands in the shrinking phase.
    private static readonly string ShrinkingThreeEpochs = Sandbox.TinyShrinking(kernelEpochs: 3);

    [Theory]
    [InlineData("full", "float32")]
    [InlineData("kernel", "float32")]
    [InlineData("kernel", "float64")]
    public void A_killed_sweep_resumes_from_its_checkpoint_with_the_same_digest(string killedPhase, string dtype)
    {
        // float64 checkpoints hold float64 weights and momentum buffers, which must load back as they were saved.
        var yaml = (killedPhase == "full" ? ThreeEpochs : ShrinkingThreeEpochs) + $"device:\n  dtype: {dtype}\n";
        var reference = UninterruptedDigests(yaml);
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", yaml);

        // Kill as soon as the first epoch's checkpoint is recorded: the run is then mid-way through epoch 2.
        SweepKilledWhen(box, () => HasCheckpoint(box.Db, killedPhase));

        using (var store = RunStore.Open(box.Db))
        {
            Assert.Equal(RunStatus.Running, store.All().Single(r => r.Phase == killedPhase).Status);
        }

        var resumed = box.Run("sweep", "experiments/tiny");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("which is gone", resumed.Err, StringComparison.Ordinal);
        Assert.Contains("Resuming run", resumed.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch 1/3", resumed.Err, StringComparison.Ordinal);
        using (var store = RunStore.Open(box.Db))
        {
            var runs = store.All();
            Assert.All(runs, run => Assert.Equal(RunStatus.Done, run.Status));
            Assert.Equal(2, runs.Single(r => r.Phase == killedPhase).Attempts);
            Assert.Equal(reference, runs.ToDictionary(run => run.Id, run => run.ResultDigest!));
        }
    }

    [Fact]
    public void A_killed_accuracy_data_set_resumes_after_its_last_recorded_pair_with_the_same_digest()
    {
        var yaml = Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, accuracy_dataset]", StringComparison.Ordinal)
            + "eval:\n  recal_images: 64\n  recal_batch_size: 32\naccuracy_dataset:\n  samples: 24\n";
        var reference = UninterruptedDigests(yaml);
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", yaml);
        SweepKilledWhen(box, () => Pairs(box.Db) >= 3);
        Assert.InRange(Pairs(box.Db), 3, 23);
        var resumed = box.Run("sweep", "experiments/tiny");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("which is gone", resumed.Err, StringComparison.Ordinal);
        using (var store = RunStore.Open(box.Db))
        {
            var runs = store.All();
            Assert.Equal(reference, runs.ToDictionary(run => run.Id, run => run.ResultDigest!));
            Assert.Equal(24, store.Evaluations(runs.Single(r => r.Phase == "accuracy_dataset").Id).Count);
        }
    }

    private static Dictionary<string, string> UninterruptedDigests(string yaml)
    {
        using var clean = new Sandbox();
        clean.Write("experiments/tiny/experiment.yaml", yaml);
        var r = clean.Run("sweep", "experiments/tiny");
        Assert.True(r.Exit == 0, r.Err);
        using var store = RunStore.Open(clean.Db);
        return store.All().ToDictionary(run => run.Id, run => run.ResultDigest!);
    }

    /// <summary>Starts a sweep of experiments/tiny in its own process and kills it (-9) once <paramref name="condition"/> holds.</summary>
    private static void SweepKilledWhen(Sandbox box, Func<bool> condition)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = box.Root, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { Tool.Dll, "sweep", "experiments/tiny" })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (!condition() && !p.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.False(p.HasExited, "the sweep finished before it could be interrupted");
        p.Kill(entireProcessTree: true);
        p.WaitForExit();
    }

    private static int Pairs(string db)
    {
        if (!File.Exists(db))
        {
            return 0;
        }

        try
        {
            using var store = RunStore.Open(db);
            return store.All().Where(r => r.Phase == "accuracy_dataset").Sum(r => store.Evaluations(r.Id).Count);
        }
        catch (Exception e) when (e is Core.Errors.OfaExpException or Microsoft.Data.Sqlite.SqliteException)
        {
            return 0;
        }
    }

    private static bool HasCheckpoint(string db, string phase)
    {
        if (!File.Exists(db))
        {
            return false;
        }

        try
        {
            using var store = RunStore.Open(db);
            return store.All().Any(r => r.Phase == phase && store.Artifacts(r.Id).Any(a => a.Kind == StoreRunRecorder.CheckpointKind));
        }
        catch (Core.Errors.OfaExpException)
        {
            return false;
        }
    }
}
