using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>Every kind of bad input gets one clear paragraph, exit code 2, no stack trace, and no store written.</summary>
public sealed class BadInputTests
{
    private static string AssertBadInput((int Exit, string Out, string Err) r)
    {
        Assert.Equal(2, r.Exit);
        Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Err, StringComparison.Ordinal);
        return r.Err;
    }

    private static string SweepFails(string yaml, params string[] overrides)
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", yaml);
        var err = AssertBadInput(box.Run(["sweep", "experiments/e", .. overrides]));
        Assert.False(File.Exists(box.Db), "a rejected sweep must not create the store");
        Assert.False(Directory.Exists(Path.Combine(box.Root, "artifacts")), "a rejected sweep must write nothing");
        return err;
    }

    [Fact]
    public void Malformed_yaml()
    {
        var err = SweepFails("seed: 1\nsupernet:\n  width_mult: 1\n   depths: [2]\n");
        Assert.Contains("experiments/e/experiment.yaml:4", err, StringComparison.Ordinal);
        Assert.Contains("malformed YAML", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key()
    {
        var err = SweepFails(Sandbox.Tiny + "teacher_selection: fixed\n");
        Assert.Contains("unknown key 'teacher_selection'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_size_four()
    {
        var err = SweepFails(Sandbox.Tiny, "supernet.kernel_sizes=[3,4]");
        Assert.Contains("4 is not a valid kernel size; choose from 3, 5, 7", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Phase_choice_outside_the_supernet()
    {
        var err = SweepFails(Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, depth]", StringComparison.Ordinal) + "  depth:\n    depths: [2, 3]\n");
        Assert.Contains("experiments/e/experiment.yaml:19", err, StringComparison.Ordinal);
        Assert.Contains("phases.depth.depths: 3 is not among supernet.depths [1, 2]", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_metric_that_no_phase_records()
    {
        var err = SweepFails(Sandbox.Tiny + "tables:\n  curve:\n    rows: [phase]\n    values:\n      top2: last(val_top2)\n");
        Assert.Contains("experiments/e/experiment.yaml:22", err, StringComparison.Ordinal);
        Assert.Contains("no phase of this experiment records the metric 'val_top2'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Subnet_table_with_an_unknown_field()
    {
        var err = SweepFails(Sandbox.Tiny + "tables:\n  best:\n    source: subnets\n    rows: [phase]\n    values:\n      top1: max(top_1)\n");
        Assert.Contains("experiments/e/experiment.yaml:23", err, StringComparison.Ordinal);
        Assert.Contains("unknown evaluation field 'top_1'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_sweep_list()
    {
        var err = SweepFails(Sandbox.Tiny + "sweep:\n  seed: []\n");
        Assert.Contains("the list for 'seed' is empty", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweep_key_that_does_not_exist()
    {
        var err = SweepFails(Sandbox.Tiny + "sweep:\n  phases.full.lrate: [0.1, 0.2]\n");
        Assert.Contains("unknown key 'phases.full.lrate'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_dataset_directory()
    {
        var err = SweepFails(Sandbox.Tiny, "data.root=/nonexistent/fashion-mnist");
        Assert.Contains("/nonexistent/fashion-mnist", err, StringComparison.Ordinal);
        Assert.Contains("dataset-fashion-mnist", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Directory_without_experiments()
    {
        using var box = new Sandbox();
        box.Write("experiments/notes/readme.txt", "no experiment here");
        var err = AssertBadInput(box.Run("sweep", "experiments/notes"));
        Assert.Contains("No experiments under 'experiments/notes'", err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db));
    }

    [Fact]
    public void Corrupted_sqlite_file()
    {
        using var box = new Sandbox();
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 31 % 251)).ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(box.Db)!);
        File.WriteAllBytes(box.Db, garbage);
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny);
        foreach (var args in new[] { new[] { "status" }, new[] { "plan", "experiments/e" }, new[] { "sweep", "experiments/e" } })
        {
            var err = AssertBadInput(box.Run(args));
            Assert.Contains(box.Db, err, StringComparison.Ordinal);
            Assert.Equal(garbage, File.ReadAllBytes(box.Db));
        }
    }

    [Fact]
    public void Checkpoint_whose_bytes_do_not_match_its_hash()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny);
        Assert.Equal(0, box.Run("sweep", "experiments/e").Exit);

        // Make the run look interrupted after its checkpoint, then damage the checkpoint file on disk.
        string runId, checkpointPath;
        using (var store = RunStore.Open(box.Db))
        {
            var run = store.All().Single();
            runId = run.Id;
            var checkpoint = store.Artifacts(runId).Single(a => a.Kind == StoreRunRecorder.CheckpointKind);
            checkpointPath = new ArtifactStore(Path.Combine(box.Root, "artifacts", "store")).PathOf(checkpoint.Sha256);
        }

        // Microsoft.Data.Sqlite comes with the Storage reference; a done run cannot be failed through the API.
        using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={box.Db};Pooling=False"))
        {
            db.Open();
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE runs SET status = 'failed' WHERE id = $id";
            update.Parameters.AddWithValue("$id", runId);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var damaged = File.ReadAllBytes(checkpointPath);
        damaged[damaged.Length / 2] ^= 0xFF;
        File.WriteAllBytes(checkpointPath, damaged);

        var err = AssertBadInput(box.Run("sweep", "experiments/e"));
        Assert.Contains(Path.GetFileName(checkpointPath), err, StringComparison.Ordinal);
        Assert.Equal(damaged, File.ReadAllBytes(checkpointPath));
        using (var store = RunStore.Open(box.Db))
        {
            var run = store.All().Single();
            Assert.Equal(RunStatus.Failed, run.Status);
            Assert.Equal(1, run.Attempts);
        }
    }

    [Fact]
    public void Ambiguous_and_unknown_run_prefixes()
    {
        using var box = new Sandbox();
        using (var store = RunStore.Open(box.Db))
        {
            store.EnsurePlanned([Record("abcd" + new string('1', 60)), Record("abcd" + new string('2', 60))]);
        }

        var ambiguous = AssertBadInput(box.Run("show", "abcd"));
        Assert.Contains("abcd11111111", ambiguous, StringComparison.Ordinal);
        Assert.Contains("abcd22222222", ambiguous, StringComparison.Ordinal);
        var unknown = AssertBadInput(box.Run("compare", "abcd1", "ffff"));
        Assert.Contains("ffff", unknown, StringComparison.Ordinal);
        Assert.Equal(0, box.Run("show", "abcd1").Exit);
    }

    [Fact]
    public void Show_without_a_store_says_nothing_was_recorded()
    {
        using var box = new Sandbox();
        var err = AssertBadInput(box.Run("show", "abcd"));
        Assert.Contains("nothing has been recorded yet", err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db));
    }

    [Fact]
    public void Unknown_command_line_option()
    {
        using var box = new Sandbox();
        var err = AssertBadInput(box.Run("plan", "--no-such-option"));
        Assert.Contains("--help", err, StringComparison.Ordinal);
    }

    internal static RunRecord Record(string id) => new(
        id, "e", "full", null, "{\"inputs\":{}}", RunStatus.Pending, 0, null, null, null, null, null, null,
        DateTimeOffset.UnixEpoch, null, null, null, null, null);
}
