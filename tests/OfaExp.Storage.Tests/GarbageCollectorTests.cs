using System.Text;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Storage.Gc;

namespace OfaExp.Storage.Tests;

/// <summary>gc against a real store and artifact directory: what it reads, the order it deletes in, when it refuses.</summary>
public sealed class GarbageCollectorTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new(TestRuns.Start);
    private readonly RunStore _store;
    private readonly ArtifactStore _artifacts;

    public GarbageCollectorTests()
    {
        _store = TestRuns.OpenStore(_dir, _clock);
        _artifacts = new ArtifactStore(_dir.File("store"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    private GarbageCollector Collector(Func<StoredFile, bool>? delete = null) =>
        new(_store, _artifacts, _clock, delete ?? _artifacts.Delete);

    /// <summary>A run trained for <paramref name="valTop1"/>.Length epochs as the executor records it: metrics, a checkpoint per epoch, the model.</summary>
    private string Trained(string seed, double[] valTop1, bool finish = true, ClaimInfo? claim = null)
    {
        var id = TestRuns.Id(seed);
        _store.EnsurePlanned([TestRuns.Planned(id)]);
        Assert.True(_store.TryClaim(id, claim ?? TestRuns.ClaimByThisProcess()));
        var recorder = new StoreRunRecorder(_store, _artifacts, id);
        for (var epoch = 0; epoch < valTop1.Length; epoch++)
        {
            recorder.RecordMetrics([new MetricPoint(epoch, -1, "val_top1", valTop1[epoch]), new MetricPoint(epoch, epoch * 10, "loss", 1.0)]);
            recorder.SaveCheckpoint(epoch, Encoding.UTF8.GetBytes($"{seed} checkpoint {epoch}"));
        }

        if (finish)
        {
            var model = Encoding.UTF8.GetBytes($"{seed} model");
            var sha256 = _artifacts.Put(model);
            _store.AddArtifact(new ArtifactRecord(id, "model", null, sha256, model.Length, ArtifactStore.RelativePathOf(sha256)));
            _store.Complete(id, sha256);
        }

        return id;
    }

    private IReadOnlyList<ArtifactRecord> Rows() => _store.All().SelectMany(r => _store.Artifacts(r.Id)).ToList();

    private string[] FilesOnDisk() => Directory.Exists(_artifacts.Root)
        ? Directory.GetFiles(_artifacts.Root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
        : [];

    private void AssertEveryRowHasItsFile()
    {
        foreach (var row in Rows())
        {
            Assert.NotEmpty(_artifacts.ReadVerified(row.Sha256));
        }
    }

    [Fact]
    public void A_dry_run_changes_nothing_and_collecting_deletes_exactly_what_it_listed()
    {
        var teacher = Trained("teacher", [0.1, 0.5, 0.3, 0.2]);
        Trained("student", [0.4, 0.6]);
        var orphan = _artifacts.Put(Encoding.UTF8.GetBytes("put, then the process died before recording the row"));
        var rows = Rows();
        var files = FilesOnDisk();

        var planned = Collector().Plan(1);

        Assert.Equal(rows, Rows());
        Assert.Equal(files, FilesOnDisk());
        // The teacher keeps epoch 3 (the last) and epoch 1 (its best by val_top1); the student keeps epoch 1.
        Assert.Equal(
            [(teacher, 0), (teacher, 2), (TestRuns.Id("student"), 0)],
            planned.Checkpoints.Select(c => (c.Artifact.RunId, c.Artifact.Epoch!.Value)).OrderBy(c => c.RunId == teacher ? 0 : 1));
        Assert.Equal(4, planned.Files.Count);
        Assert.Contains(planned.Files, f => f.Sha256 == orphan);
        Assert.Equal(planned.Files.Sum(f => new FileInfo(Path.Combine(_artifacts.Root, f.RelativePath)).Length), planned.FreedBytes);

        var collected = Collector().Collect(1);

        Assert.Equal(planned.Checkpoints, collected.Checkpoints);
        Assert.Equal(planned.Files, collected.Files);
        Assert.Equal(rows.Count - 3, Rows().Count);
        Assert.Equal(files.Length - 4, FilesOnDisk().Length);
        AssertEveryRowHasItsFile();

        var again = Collector().Collect(1);
        Assert.Empty(again.Checkpoints);
        Assert.Empty(again.Files);
    }

    [Fact]
    public void A_crash_while_deleting_files_leaves_no_row_without_its_file_and_the_next_gc_finishes()
    {
        Trained("a", [0.1, 0.2, 0.3]);
        Trained("b", [0.3, 0.2, 0.1]);
        var planned = Collector().Plan(0);
        Assert.Equal(4, planned.Files.Count);

        var deletions = 0;
        var crashing = Collector(file => ++deletions < 2
            ? _artifacts.Delete(file)
            : throw new IOException("power cut"));
        Assert.Throws<IOException>(() => crashing.Collect(0));

        Assert.Equal(1, planned.Files.Count(f => !File.Exists(Path.Combine(_artifacts.Root, f.RelativePath))));
        AssertEveryRowHasItsFile();
        var rest = Collector().Collect(0);
        Assert.Empty(rest.Checkpoints);
        Assert.Equal(planned.Files.Skip(1), rest.Files);
        Assert.Empty(Collector().Plan(0).Files);
    }

    [Fact]
    public void A_live_claim_on_a_running_run_makes_gc_refuse_and_delete_nothing()
    {
        Trained("done", [0.1, 0.2]);
        var running = Trained("running", [0.1], finish: false);
        _artifacts.Put([1, 2, 3]);
        var files = FilesOnDisk();

        foreach (var attempt in new Func<GcPlan>[] { () => Collector().Plan(0), () => Collector().Collect(0) })
        {
            var error = Assert.Throws<OfaExpException>(attempt);

            Assert.Equal(ExitCodes.BadInput, error.ExitCode);
            Assert.Contains(running[..12], error.Message, StringComparison.Ordinal);
            Assert.Contains("gc needs the store", error.Message, StringComparison.Ordinal);
            Assert.Contains($"process {Environment.ProcessId}", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(files, FilesOnDisk());
        Assert.Equal(4, Rows().Count);
    }

    [Fact]
    public void A_run_left_running_by_a_dead_process_keeps_its_checkpoints_and_does_not_block_gc()
    {
        var live = TestRuns.ClaimByThisProcess();
        var abandoned = Trained("abandoned", [0.1, 0.2, 0.3], finish: false, claim: live with { PidStartTicks = live.PidStartTicks - 1 });
        Trained("done", [0.1, 0.2, 0.3]);

        var collected = Collector().Collect(0);

        Assert.Equal(2, collected.Checkpoints.Count);
        Assert.DoesNotContain(collected.Checkpoints, c => c.Artifact.RunId == abandoned);
        Assert.Equal(3, _store.Artifacts(abandoned).Count);
        AssertEveryRowHasItsFile();
    }

    [Fact]
    public void Stale_write_temporaries_go_and_files_the_store_did_not_name_stay()
    {
        var sha256 = _artifacts.Put([9, 9, 9]);
        var fanOut = Path.Combine(_artifacts.Root, sha256[..2]);
        string Temporary(string guidDigit, TimeSpan age)
        {
            var path = Path.Combine(fanOut, $".{sha256}.{Environment.ProcessId}.{new string(guidDigit[0], 32)}.tmp");
            File.WriteAllBytes(path, [1, 2]);
            File.SetLastWriteTimeUtc(path, (_clock.Now - age).UtcDateTime);
            return path;
        }

        var stale = Temporary("a", TimeSpan.FromHours(2));
        var fresh = Temporary("b", TimeSpan.FromMinutes(1));
        var foreign = new[] { Path.Combine(fanOut, "notes.txt"), Path.Combine(_artifacts.Root, "README"), Path.Combine(_artifacts.Root, "zz", sha256) };
        foreach (var path in foreign)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "mine");
        }

        var collected = Collector().Collect(null);

        Assert.Equal(2, collected.Files.Count);
        Assert.Contains(collected.Files, f => f.Sha256 == sha256);
        Assert.Contains(collected.Files, f => f.IsTemporary && f.Bytes == 2);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
        Assert.All(foreign, path => Assert.True(File.Exists(path)));
    }
}
