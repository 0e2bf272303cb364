using OfaExp.Core.Errors;
using OfaExp.Core.Runs;

namespace OfaExp.Storage.Tests;

/// <summary>Copying a done run between store files (how run bundles travel) and recording cluster submissions.</summary>
public sealed class TransferTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new(TestRuns.Start);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_done_run_copies_whole_and_a_second_copy_replaces_rather_than_duplicates()
    {
        var id = TestRuns.Id("full");
        var source = _dir.File("bundle.db");
        using (var from = RunStore.Open(source, new RunStoreOptions { Clock = _clock, WriteAheadLog = false }))
        {
            from.EnsurePlanned([TestRuns.Planned(id)]);
            Assert.True(from.TryClaim(id, TestRuns.ClaimByThisProcess() with { Hardware = "cpu=bundle node" }));
            from.AddMetrics(id, [new MetricPoint(0, -1, "val_top1", 71.5), new MetricPoint(0, 3, "loss", double.NaN)]);
            from.AddArtifact(new ArtifactRecord(id, "model", null, TestRuns.Id("blob"), 10, "ab/blob"));
            from.Complete(id, "digest-1");
            from.AddArtifact(new ArtifactRecord(id, ArtifactRecord.ExportKind, null, TestRuns.Id("onnx"), 5, "cd/onnx") { Export = new("onnx", "r28-d1-k3,3-e3,3", 28) });
        }

        using var to = RunStore.Open(_dir.File("central.db"), new RunStoreOptions { Clock = _clock });
        to.EnsurePlanned([TestRuns.Planned(id)]);
        to.CopyDoneRunFrom(source, id);
        to.CopyDoneRunFrom(source, id);

        var run = to.Find(id)!;
        Assert.Equal((RunStatus.Done, "digest-1", 1, "cpu=bundle node"), (run.Status, run.ResultDigest, run.Attempts, run.Hardware));
        Assert.Equal(2, to.Metrics(id).Count);
        Assert.True(double.IsNaN(to.Metrics(id).Single(m => m.Name == "loss").Value));
        Assert.Equal(2, to.Artifacts(id).Count);
        Assert.Equal(new ArtifactExport("onnx", "r28-d1-k3,3-e3,3", 28), to.Artifacts(id).Single(a => a.Kind == ArtifactRecord.ExportKind).Export);
    }

    [Fact]
    public void A_run_that_is_not_done_is_not_copied_and_nothing_changes()
    {
        var id = TestRuns.Id("full");
        var source = _dir.File("bundle.db");
        using (var from = RunStore.Open(source, new RunStoreOptions { Clock = _clock, WriteAheadLog = false }))
        {
            from.EnsurePlanned([TestRuns.Planned(id)]);
        }

        using var to = RunStore.Open(_dir.File("central.db"), new RunStoreOptions { Clock = _clock });
        to.EnsurePlanned([TestRuns.Planned(id)]);

        var refused = Assert.Throws<OfaExpException>(() => to.CopyDoneRunFrom(source, id));
        Assert.Contains("is pending, not done", refused.Message, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Pending, to.Find(id)!.Status);
    }

    [Fact]
    public void A_resubmitted_run_keeps_only_its_latest_job()
    {
        var id = TestRuns.Id("full");
        using var store = TestRuns.OpenStore(_dir, _clock);
        store.EnsurePlanned([TestRuns.Planned(id)]);

        store.RecordSubmissions([(id, "12_0")], "slurm", "/shared/bundles");
        store.RecordSubmissions([(id, "15_3")], "slurm", "/shared/bundles");

        var job = Assert.Single(store.Submissions()).Value;
        Assert.Equal(("slurm", "15_3", "/shared/bundles"), (job.Launcher, job.JobId, job.BundleDir));
    }
}
