using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;

namespace OfaExp.Storage.Tests;

public sealed class StoreRunRecorderTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new(TestRuns.Start);
    private readonly RunStore _store;
    private readonly ArtifactStore _artifacts;
    private readonly StoreRunRecorder _recorder;
    private readonly string _id = TestRuns.Id("full");

    public StoreRunRecorderTests()
    {
        _store = TestRuns.OpenStore(_dir, _clock);
        _artifacts = new ArtifactStore(_dir.File("store"));
        _store.EnsurePlanned([TestRuns.Planned(_id)]);
        _recorder = new StoreRunRecorder(_store, _artifacts, _id);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_fresh_run_has_no_checkpoint() => Assert.Null(_recorder.LoadLatestCheckpoint());

    [Fact]
    public void The_latest_checkpoint_is_the_highest_epoch_read_back_verified()
    {
        _recorder.SaveCheckpoint(0, [0, 0]);
        _recorder.SaveCheckpoint(2, [2, 2]);
        _recorder.SaveCheckpoint(1, [1, 1]);

        var latest = _recorder.LoadLatestCheckpoint()!;

        Assert.Equal(2, latest.Epoch);
        Assert.Equal([2, 2], latest.Bytes);
        var stored = _store.Artifacts(_id);
        Assert.Equal([0, 1, 2], stored.Select(a => a.Epoch));
        Assert.All(stored, a => Assert.Equal(("checkpoint", 2L, ArtifactStore.RelativePathOf(a.Sha256)), (a.Kind, a.Bytes, a.Path)));
    }

    [Fact]
    public void A_mid_epoch_checkpoint_is_the_latest_until_its_epoch_ends()
    {
        RunCheckpoint Latest() => _recorder.LoadLatestCheckpoint()!;

        _recorder.SaveMidEpochCheckpoint(0, [0, 1]);
        Assert.Equal((0, true, 0), (Latest().Epoch, Latest().MidEpoch, Latest().EpochsDone));

        _recorder.SaveCheckpoint(0, [0, 9]);
        _recorder.SaveMidEpochCheckpoint(1, [1, 3]);
        _recorder.SaveMidEpochCheckpoint(1, [1, 5]); // resumed from [1, 3], stopped again further on
        Assert.Equal((1, true, 1), (Latest().Epoch, Latest().MidEpoch, Latest().EpochsDone));
        Assert.Equal([1, 5], Latest().Bytes);
        Assert.Equal(StoreRunRecorder.MidEpochCheckpointKind, _recorder.LatestCheckpoint()!.Kind);

        _recorder.SaveCheckpoint(1, [1, 9]);
        Assert.Equal((1, false, 2), (Latest().Epoch, Latest().MidEpoch, Latest().EpochsDone));
        Assert.Equal([1, 9], Latest().Bytes);
        Assert.Equal(3, _store.Artifacts(_id).Count(a => a.Kind == StoreRunRecorder.MidEpochCheckpointKind));
    }

    [Fact]
    public void A_corrupted_checkpoint_is_never_resumed_from()
    {
        _recorder.SaveCheckpoint(0, [9, 9, 9]);
        File.WriteAllBytes(_artifacts.PathOf(_store.Artifacts(_id).Single().Sha256), [9, 9, 8]);

        var error = Assert.Throws<OfaExpException>(() => _recorder.LoadLatestCheckpoint());

        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void Metrics_and_heartbeats_go_to_the_run_store()
    {
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        _clock.Advance(TimeSpan.FromMinutes(3));

        _recorder.RecordMetrics([new MetricPoint(0, -1, "val/top1", 0.75)]);
        _recorder.Heartbeat();

        Assert.Equal(_id, _recorder.RunId);
        Assert.Equal([new MetricPoint(0, -1, "val/top1", 0.75)], _store.Metrics(_id));
        Assert.Equal(TestRuns.Start.AddMinutes(3), _store.Find(_id)!.HeartbeatAt);
    }
}
