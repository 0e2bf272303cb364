using System.Diagnostics;
using System.Globalization;
using OfaExp.Core.Runs;
using OfaExp.Storage;
using Xunit.Abstractions;

namespace OfaExp.Cli.Tests;

/// <summary>
/// kill -9 at seeded points of a small sweep (in a checkpoint write, before a blob is renamed into place, inside a
/// store transaction, before any store operation, or after a random time), then the same sweep again: every run ends
/// with the result digest of an uninterrupted sweep, no run is left running, and every artifact the store references
/// is whole (its hash verifies), so no half-written file was ever taken for a finished one.
/// </summary>
[Trait("Category", Categories.Slow)]
public sealed class KillTrialTests(ITestOutputHelper output)
{
    private const int Trials = 20;

    // A full phase and a distilled kernel phase of two epochs each: an epoch checkpoint, metrics and evaluations to
    // be killed in, and a child that resumes from its parent's model.
    private static readonly string Yaml = Sandbox.TinyShrinking(kernelEpochs: 2).Replace("epochs: 1\n", "epochs: 2\n", StringComparison.Ordinal);

    // How far into a sweep each point can be reached (passes of it in one uninterrupted sweep, a little under).
    private static readonly (string Point, int MaxPass)[] Points =
    [
        (CrashPoints.ArtifactWrite, 6),
        (CrashPoints.ArtifactRename, 6),
        (CrashPoints.StoreCommit, 4),
        (CrashPoints.Store, 48),
    ];

    [Fact]
    public void A_sweep_killed_anywhere_and_run_again_records_what_an_uninterrupted_sweep_records()
    {
        var expected = Uninterrupted();
        Assert.Equal(2, expected.Count);

        var killed = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            var random = new Random(trial);
            string? crashAt = null;
            TimeSpan? after = null;
            if (trial % 5 == 4)
            {
                after = TimeSpan.FromMilliseconds(random.Next(500, 5000));
            }
            else
            {
                var (point, max) = Points[random.Next(Points.Length)];
                crashAt = string.Create(CultureInfo.InvariantCulture, $"{point}:{random.Next(1, max + 1)}");
            }

            using var box = new Sandbox();
            box.Write("experiments/tiny/experiment.yaml", Yaml);
            var first = Sweep(box, crashAt, after);
            var died = first is 137 or -1;
            killed += died ? 1 : 0;
            Assert.True(died || first == 0, $"trial {trial} ({crashAt ?? after.ToString()}): the sweep exited {first}");

            var again = box.Run("sweep", "experiments/tiny");
            Assert.True(again.Exit == 0, $"trial {trial} ({crashAt ?? after.ToString()}): the sweep after the kill exited {again.Exit}: {again.Err}");
            output.WriteLine($"trial {trial}: {crashAt ?? "after " + after}: {(died ? "killed" : "finished before the point")}, then resumed");

            using var store = RunStore.Open(box.Db);
            Assert.All(store.All(), r => Assert.NotEqual(RunStatus.Running, r.Status));
            Assert.Equal(expected, Digests(store));
            var artifacts = new ArtifactStore(Path.Combine(box.Root, "artifacts", "store"));
            foreach (var run in store.All())
            {
                foreach (var artifact in store.Artifacts(run.Id))
                {
                    artifacts.ReadVerified(artifact.Sha256);
                }
            }
        }

        output.WriteLine($"{killed} of {Trials} trials were killed mid-sweep");
        Assert.True(killed >= Trials * 3 / 4, $"only {killed} of {Trials} trials were killed; the crash points are not reached");
    }

    private static Dictionary<string, string?> Uninterrupted()
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);
        Assert.Equal(0, Sweep(box, null, null));
        using var store = RunStore.Open(box.Db);
        return Digests(store);
    }

    private static Dictionary<string, string?> Digests(RunStore store) =>
        store.All().ToDictionary(r => r.Id, r => r.ResultDigest, StringComparer.Ordinal);

    /// <summary>Runs the sweep, killed at <paramref name="crashAt"/> or after <paramref name="after"/>; its exit code (137 when killed).</summary>
    private static int Sweep(Sandbox box, string? crashAt, TimeSpan? after)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = box.Root, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Tool.Dll, "sweep", "experiments/tiny" })
        {
            info.ArgumentList.Add(arg);
        }

        if (crashAt is not null)
        {
            info.Environment["OFAEXP_CRASH_AT"] = crashAt;
        }

        using var process = Process.Start(info)!;
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        if (after is { } delay && !process.WaitForExit(delay))
        {
            process.Kill();
        }

        process.WaitForExit();
        drain.Wait();
        return process.ExitCode;
    }
}
