using System.Diagnostics;
using System.Globalization;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// The artifact store on a small tmpfs that fills up while the second epoch's checkpoint is written: the run fails
/// with a clear error, the first checkpoint is still whole and no partial file is left, and once space is freed the
/// same sweep resumes and records what a sweep on a roomy disk records. Needs root (it mounts the tmpfs), as CI has.
/// </summary>
[Trait("Category", Categories.Slow)]
public sealed class FullDiskTests : IDisposable
{
    // A full phase of two epochs: one checkpoint that fits, a second that does not.
    private static readonly string Yaml = Sandbox.Tiny.Replace("epochs: 1\n", "epochs: 2\n", StringComparison.Ordinal) + """
        eval:
          recal_images: 64
          recal_batch_size: 32
          test_subset: 64
          resolutions: [28]
        """;

    private readonly Sandbox _box = new();
    private readonly string _mount;

    public FullDiskTests()
    {
        _box.Write("experiments/tiny/experiment.yaml", Yaml);
        _mount = Path.Combine(_box.Root, "small-disk");
        Directory.CreateDirectory(_mount);
    }

    public void Dispose()
    {
        Command("umount", _mount);
        _box.Dispose();
    }

    [Fact]
    public void A_disk_that_fills_during_a_checkpoint_fails_the_run_clearly_and_the_sweep_resumes_once_space_is_freed()
    {
        // On a roomy disk first: the digest to reach, and how large a checkpoint is.
        Assert.Equal(0, _box.Run("sweep", "experiments/tiny", "--artifacts", "roomy").Exit);
        long checkpoint;
        string expected;
        using (var store = RunStore.Open(Path.Combine(_box.Root, "roomy", "ofaexp.db")))
        {
            var run = store.All().Single();
            expected = run.ResultDigest!;
            checkpoint = store.Artifacts(run.Id).First(a => a.Kind == "checkpoint").Bytes;
        }

        // A 64 MiB tmpfs with a filler that leaves room for one and a half checkpoints; the store file lives elsewhere.
        var size = 64L << 20;
        Assert.True(Command("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={size}"), "tmpfs", _mount) == 0, "cannot mount a tmpfs (the test needs root)");
        var filler = Path.Combine(_mount, "filler");
        using (var stream = File.Create(filler))
        {
            stream.Write(new byte[size - (checkpoint * 3 / 2)]);
        }

        var db = Path.Combine(_box.Root, "ofaexp.db");
        var full = _box.Run("sweep", "experiments/tiny", "--artifacts", _mount, "--db", db);

        Assert.Equal(1, full.Exit);
        Assert.Contains("No space left on device", full.Err, StringComparison.Ordinal);
        Assert.Contains("free space ('ofaexp gc' deletes what no recorded run needs) and run the same command again", full.Err, StringComparison.Ordinal);
        var blobs = new ArtifactStore(Path.Combine(_mount, "store"));
        using (var store = RunStore.Open(db))
        {
            var run = store.All().Single();
            Assert.Equal(RunStatus.Failed, run.Status);
            var saved = Assert.Single(store.Artifacts(run.Id));
            Assert.Equal((StoreRunRecorder.CheckpointKind, 0), (saved.Kind, saved.Epoch));
            blobs.ReadVerified(saved.Sha256);
        }

        Assert.DoesNotContain(Directory.EnumerateFiles(Path.Combine(_mount, "store"), "*", SearchOption.AllDirectories), f => Path.GetFileName(f).Contains(".tmp", StringComparison.Ordinal));

        File.Delete(filler);
        var resumed = _box.Run("sweep", "experiments/tiny", "--artifacts", _mount, "--db", db);
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("after epoch 1", resumed.Err, StringComparison.Ordinal);
        using (var store = RunStore.Open(db))
        {
            Assert.Equal(expected, store.All().Single().ResultDigest);
        }
    }

    private static int Command(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false, RedirectStandardError = true })!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}
