using OfaExp.Execution.Planning;
using System.Text;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// `ofaexp gc` end to end on a store recorded through the RunStore API (no training): checkpoints per epoch, models and
/// an orphaned blob, then the tool listing, deleting, and the tables rebuilt from what is left.
/// </summary>
public sealed class GcCommandTests
{
    private const string Experiment = Sandbox.Tiny + """
        sweep:
          seed: [0, 1]
        tables:
          summary:
            rows: [phase, seed]
            values:
              val_top1: {expr: last(val_top1), format: F4}
              best: {expr: max(val_top1), format: F4}

        """;

    // Best epoch 1, last epoch 3: keeping the last one drops epochs 0 and 2 (shown as 1 and 3) of each run.
    private static readonly double[] ValTop1 = [0.5, 0.75, 0.625, 0.6];

    [Fact]
    public void Dry_run_lists_what_gc_then_frees_and_the_tables_come_out_the_same()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Experiment);
        var (runs, orphan) = Record(box);
        var tables = box.Run("tables", "experiments/e");
        Assert.True(tables.Exit == 0, tables.Err);
        var csvs = Csvs(box);
        Assert.NotEmpty(csvs);
        var artifactsBefore = Snapshot(Path.Combine(box.Root, "artifacts"));
        var storeBefore = StoreBytes(box);
        var expectedFreed = StoreFiles(box)
            .Where(f => f.Name == orphan || runs.Any(r => f.Name == Sha(CheckpointBytes(r, 0)) || f.Name == Sha(CheckpointBytes(r, 2))))
            .Sum(f => f.Length);

        var dry = box.Run("gc", "--dry-run", "--keep-last-checkpoints", "1");

        Assert.True(dry.Exit == 0, dry.Err);
        Assert.Equal(artifactsBefore, Snapshot(Path.Combine(box.Root, "artifacts")));
        var lines = dry.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(6, lines.Length);
        foreach (var run in runs)
        {
            Assert.Single(lines, l => l.StartsWith(run[..12], StringComparison.Ordinal) && l.Contains("checkpoint    epoch 1 ", StringComparison.Ordinal));
            Assert.Single(lines, l => l.StartsWith(run[..12], StringComparison.Ordinal) && l.Contains("checkpoint    epoch 3 ", StringComparison.Ordinal));
        }

        Assert.StartsWith(orphan[..12] + "  unreferenced", lines[4], StringComparison.Ordinal);
        Assert.Equal($"5 files, 0.00 MB ({expectedFreed:N0} bytes) would be freed", lines[5]);

        var gc = box.Run("gc", "--keep-last-checkpoints", "1");

        Assert.True(gc.Exit == 0, gc.Err);
        Assert.Equal(dry.Out.Replace("would be freed", "freed", StringComparison.Ordinal), gc.Out);
        Assert.Equal(storeBefore - expectedFreed, StoreBytes(box));
        Assert.Equal(6, StoreFiles(box).Count);

        var again = box.Run("tables", "experiments/e");
        Assert.True(again.Exit == 0, again.Err);
        Assert.DoesNotContain(" written", again.Out, StringComparison.Ordinal);
        Assert.Equal(csvs, Csvs(box));

        foreach (var args in new[] { new[] { "gc" }, ["gc", "--keep-last-checkpoints", "1"] })
        {
            var nothing = box.Run(args);
            Assert.True(nothing.Exit == 0, nothing.Err);
            Assert.Equal("0 files, 0.00 MB (0 bytes) freed\n", nothing.Out);
        }

        // The best epoch is what a distilling run's teacher is loaded from: it must still read back verified.
        using var store = RunStore.Open(box.Db);
        var artifacts = new ArtifactStore(Path.Combine(box.Root, "artifacts", "store"));
        foreach (var run in runs)
        {
            Assert.Equal([1, 3], store.Artifacts(run).Where(a => a.Kind == StoreRunRecorder.CheckpointKind).Select(a => a.Epoch!.Value));
            Assert.All(store.Artifacts(run), a => artifacts.ReadVerified(a.Sha256));
        }
    }

    [Fact]
    public void While_another_process_trains_gc_refuses_and_deletes_nothing()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Experiment);
        Record(box);
        using (var store = RunStore.Open(box.Db))
        {
            // This test process stands for a sweep: it claims a run and is alive while gc looks.
            var training = Sha([7]);
            store.EnsurePlanned([Planned(training)]);
            Assert.True(store.TryClaim(training, ClaimInfo.ForCurrentProcess("cpu", "test", null)));
        }

        var before = Snapshot(Path.Combine(box.Root, "artifacts"));

        foreach (var args in new[] { new[] { "gc" }, ["gc", "--dry-run"] })
        {
            var (exit, stdout, stderr) = box.Run(args);
            Assert.Equal(2, exit);
            Assert.Equal("", stdout);
            Assert.Contains("gc needs the store", stderr, StringComparison.Ordinal);
            Assert.Contains($"process {Environment.ProcessId}", stderr, StringComparison.Ordinal);
        }

        Assert.Equal(before, Snapshot(Path.Combine(box.Root, "artifacts")));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("two")]
    public void A_bad_count_is_bad_input(string keep)
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Experiment);
        Record(box);
        var before = Snapshot(Path.Combine(box.Root, "artifacts"));

        var (exit, _, stderr) = box.Run("gc", "--keep-last-checkpoints", keep);

        Assert.Equal(2, exit);
        Assert.Contains("--keep-last-checkpoints", stderr, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(Path.Combine(box.Root, "artifacts")));
    }

    [Fact]
    public void Without_a_store_gc_refuses_rather_than_delete_every_artifact()
    {
        using var box = new Sandbox();
        var blob = new ArtifactStore(Path.Combine(box.Root, "artifacts", "store")).Put([1, 2, 3]);

        var (exit, _, stderr) = box.Run("gc");

        Assert.Equal(2, exit);
        Assert.Contains("No run store", stderr, StringComparison.Ordinal);
        Assert.Single(StoreFiles(box), f => f.Name == blob);
        Assert.False(File.Exists(box.Db));
    }

    /// <summary>
    /// Records both runs of the plan as done with four epochs of checkpoints and a model, as the executor writes them,
    /// plus a blob whose row was never written (a crash between the two).
    /// </summary>
    private static (IReadOnlyList<string> Runs, string Orphan) Record(Sandbox box)
    {
        var plan = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "e"), []);
        Assert.Equal(2, plan.Runs.Count);
        var artifacts = new ArtifactStore(Path.Combine(box.Root, "artifacts", "store"));
        using var store = RunStore.Open(box.Db);
        store.EnsurePlanned(plan.Runs.Select(r => Planned(r.Id, r.Experiment, r.Phase, r.ConfigJson)).ToList());
        foreach (var run in plan.Runs)
        {
            Assert.True(store.TryClaim(run.Id, ClaimInfo.ForCurrentProcess("cpu", "test", null)));
            var recorder = new StoreRunRecorder(store, artifacts, run.Id);
            for (var epoch = 0; epoch < ValTop1.Length; epoch++)
            {
                recorder.RecordMetrics([new MetricPoint(epoch, -1, "val_top1", ValTop1[epoch])]);
                recorder.SaveCheckpoint(epoch, CheckpointBytes(run.Id, epoch));
            }

            var model = Encoding.UTF8.GetBytes(run.Id + " model");
            var sha256 = artifacts.Put(model);
            store.AddArtifact(new ArtifactRecord(run.Id, "model", null, sha256, model.Length, ArtifactStore.RelativePathOf(sha256)));
            store.Complete(run.Id, sha256);
        }

        return (plan.Runs.Select(r => r.Id).ToList(), artifacts.Put(Encoding.UTF8.GetBytes("a checkpoint whose row was never written")));
    }

    private static RunRecord Planned(string id, string experiment = "e", string phase = "full", string configJson = "{}") => new(
        id, experiment, phase, null, configJson, RunStatus.Pending, 0,
        null, null, null, null, null, null, DateTimeOffset.UnixEpoch, null, null, null, null, null);

    /// <summary>A checkpoint's bytes in this test: distinct per run and epoch, and longer with each epoch.</summary>
    private static byte[] CheckpointBytes(string runId, int epoch) => Encoding.UTF8.GetBytes($"{runId} epoch {epoch} " + new string('x', 100 * (epoch + 1)));

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    private static List<FileInfo> StoreFiles(Sandbox box) =>
        new DirectoryInfo(Path.Combine(box.Root, "artifacts", "store")).GetFiles("*", SearchOption.AllDirectories).ToList();

    private static long StoreBytes(Sandbox box) => StoreFiles(box).Sum(f => f.Length);

    private static SortedDictionary<string, string> Csvs(Sandbox box) => Snapshot(Path.Combine(box.Root, "artifacts", "tables"));

    /// <summary>Every file under <paramref name="root"/> by relative path, with its contents' hash.</summary>
    private static SortedDictionary<string, string> Snapshot(string root) => new(
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(root, p), p => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p)))),
        StringComparer.Ordinal);
}
