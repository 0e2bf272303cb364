using OfaExp.Execution.Planning;
using OfaExp.Execution;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Nn.Training;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// SIGTERM (Slurm's time limit and preemption) and SIGINT (Ctrl+C) stop a sweep at a step boundary: the run in
/// progress saves a mid-epoch checkpoint, is recorded as interrupted, the process exits 143 or 130, and the next
/// sweep resumes the run there and records what an uninterrupted sweep records.
/// </summary>
public sealed partial class SignalTests
{
    private const int SigInt = 2;
    internal const int SigTerm = 15;

    // A full phase and a distilled kernel phase of 2 epochs each. Small batches make an epoch 24 steps long, so a
    // signal sent as soon as a step of the second epoch is reported lands well before that epoch ends.
    private static readonly string Yaml = Sandbox.Tiny
        .Replace("pipeline: [full]", "pipeline: [full, kernel]", StringComparison.Ordinal)
        .Replace("epochs: 1\n    batch_size: 64\n    base_batch_size: 64", "epochs: 2\n    batch_size: 8\n    base_batch_size: 64", StringComparison.Ordinal)
        + """
          kernel:
            epochs: 2
            batch_size: 8
            base_batch_size: 64
            lr: 0.02
        eval:
          recal_images: 64
          recal_batch_size: 32
          test_subset: 100
          resolutions: [28]

        """;

    private static readonly Lazy<Dictionary<string, string>> Uninterrupted = new(() =>
    {
        using var clean = new Sandbox();
        clean.Write("experiments/tiny/experiment.yaml", Yaml);
        var r = clean.Run("sweep", "experiments/tiny");
        Assert.True(r.Exit == 0, r.Err);
        using var store = RunStore.Open(clean.Db);
        return store.All().ToDictionary(run => run.Id, run => run.ResultDigest!);
    });

    [Theory]
    [InlineData("full", SigTerm, "SIGTERM", ExitCodes.Terminated)]
    [InlineData("kernel", SigInt, "SIGINT", ExitCodes.Interrupted)]
    public void A_signalled_sweep_checkpoints_mid_epoch_exits_with_the_signal_code_and_resumes_to_the_same_digests(
        string phase, int signal, string name, int exitCode)
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);

        var (exit, err, stepsPerEpoch) = SweepSignalled(box, $" {phase} epoch 2/2 step ", signal);

        Assert.True(exit == exitCode, $"exit {exit}\n{err}");
        Assert.Contains($"Stopped by {name} (exit code {exitCode})", err, StringComparison.Ordinal);
        string id;
        using (var store = RunStore.Open(box.Db))
        {
            var run = store.All().Single(r => r.Phase == phase);
            id = run.Id;
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Equal($"interrupted ({name}); the next sweep resumes it in epoch 2 from its mid-epoch checkpoint", run.Error);
            var midEpoch = Assert.Single(store.Artifacts(run.Id), a => a.Kind == StoreRunRecorder.MidEpochCheckpointKind);
            Assert.Equal(1, midEpoch.Epoch);
            var partial = TrainerCheckpoint.Parse(new ArtifactStore(Path.Combine(box.Root, "artifacts", "store")).ReadVerified(midEpoch.Sha256)).Partial;
            Assert.InRange(partial!.Steps, 1, stepsPerEpoch - 1);
            Assert.DoesNotContain(store.Metrics(run.Id), m => m.Epoch == 1);
            Assert.All(store.All().Where(r => r.Id != run.Id), r => Assert.NotEqual(RunStatus.Running, r.Status));
        }

        var status = box.Run("status");
        Assert.Contains($"failed (interrupted ({name}); the next sweep resumes it", status.Out, StringComparison.Ordinal);
        var show = box.Run("show", id[..12]);
        Assert.Contains($"interrupted ({name}); the next sweep resumes it in epoch 2 from its mid-epoch checkpoint", show.Out, StringComparison.Ordinal);
        Assert.Contains("mid-epoch-checkpoint (epoch 2)  ", show.Out, StringComparison.Ordinal);

        var resumed = box.Run("sweep", "experiments/tiny");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("part-way through epoch 2, from its mid-epoch checkpoint", resumed.Err, StringComparison.Ordinal);
        using (var store = RunStore.Open(box.Db))
        {
            var runs = store.All();
            Assert.All(runs, r => Assert.Equal(RunStatus.Done, r.Status));
            Assert.Equal(2, runs.Single(r => r.Phase == phase).Attempts);
            Assert.Equal(Uninterrupted.Value, runs.ToDictionary(r => r.Id, r => r.ResultDigest!));
        }
    }

    [Fact]
    public void A_slurm_task_stopped_by_sigterm_checkpoints_and_resumes_in_its_bundle_when_requeued()
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);
        var full = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "tiny"), []).Runs.Single(r => r.Phase == "full");
        string[] task = ["run", full.Id, "--experiments", "experiments/tiny", "--bundles", "bundles"];

        var (exit, err, _) = SweepSignalled(box, " full epoch 2/2 step ", SigTerm, task);

        Assert.True(exit == ExitCodes.Terminated, $"exit {exit}\n{err}");
        Assert.False(File.Exists(Path.Combine(box.Root, "bundles", full.Id, "bundle.json")), "an interrupted task must not mark its bundle finished");
        var requeued = box.Run(task);
        Assert.True(requeued.Exit == 0, requeued.Err);
        Assert.Contains("part-way through epoch 2, from its mid-epoch checkpoint", requeued.Err, StringComparison.Ordinal);
        Assert.Equal(0, box.Run("ingest", "bundles").Exit);
        using var store = RunStore.Open(box.Db);
        Assert.Equal(Uninterrupted.Value[full.Id], store.Find(full.Id)!.ResultDigest);
    }

    /// <summary>
    /// Runs <paramref name="command"/> (default: sweep experiments/tiny) in its own process, sends <paramref name="signal"/> once a stderr progress line contains
    /// <paramref name="when"/>, and returns its exit code, its stderr and the steps per epoch that line reports.
    /// </summary>
    internal static (int Exit, string Err, int StepsPerEpoch) SweepSignalled(Sandbox box, string when, int signal, params string[] command)
    {
        command = command.Length > 0 ? command : ["sweep", "experiments/tiny"];
        // Through env --default-signal=INT: a shell starts background jobs with SIGINT ignored, the child would inherit
        // that (and the runtime then keeps it ignored), so a test run from a background CI job could not deliver it.
        // env execs the tool in its own process, so the pid is the tool's.
        var info = new ProcessStartInfo("env") { WorkingDirectory = box.Root, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--default-signal=INT", "dotnet", Tool.Dll }.Concat(command))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["OFAEXP_PROGRESS_SECONDS"] = "0"; // every progress report is a line
        info.Environment.Remove("OFAEXP_DEBUG");
        var lines = new ConcurrentQueue<string>();
        using var seen = new ManualResetEventSlim();
        string? trigger = null;
        using var p = new Process { StartInfo = info };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lines.Enqueue(line);
                if (line.Contains(when, StringComparison.Ordinal) && !seen.IsSet)
                {
                    trigger = line;
                    seen.Set();
                }
            }
        };
        p.Start();
        p.BeginErrorReadLine();
        _ = p.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (!seen.Wait(100) && !p.HasExited && DateTime.UtcNow < deadline)
        {
        }

        Assert.True(seen.IsSet, $"no stderr line contained '{when}' before the sweep ended:\n{string.Join('\n', lines)}");
        Assert.Equal(0, Kill(p.Id, signal));
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(10)), "the signalled sweep did not stop");
        p.WaitForExit(); // drains the stderr events
        return (p.ExitCode, string.Join('\n', lines), int.Parse(StepOf().Match(trigger!).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@" step \d+/(\d+) ")]
    private static partial Regex StepOf();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
