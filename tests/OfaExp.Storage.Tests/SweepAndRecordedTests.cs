using OfaExp.Core.Errors;
using OfaExp.Core.Runs;

namespace OfaExp.Storage.Tests;

public sealed class SweepAndRecordedTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RunStore _store;
    private readonly string _full = TestRuns.Id("full");
    private readonly string _kernelA = TestRuns.Id("kernel a");
    private readonly string _kernelB = TestRuns.Id("kernel b");
    private readonly string _elsewhere = TestRuns.Id("other experiment");

    public SweepAndRecordedTests()
    {
        _store = TestRuns.OpenStore(_dir, new ManualClock(TestRuns.Start));
        _store.EnsurePlanned([
            TestRuns.Planned(_full, "kd", "full"),
            TestRuns.Planned(_kernelA, "kd", "kernel", _full),
            TestRuns.Planned(_kernelB, "kd", "kernel", _full),
            TestRuns.Planned(_elsewhere, "quickstart", "full")]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Recording_a_sweep_replaces_the_previous_one_of_that_experiment()
    {
        _store.RecordSweepPoints("kd", [new("kd", 1, """{"kd":"b"}""", _kernelB), new("kd", 0, """{"kd":"a"}""", _kernelA)]);
        _store.RecordSweepPoints("quickstart", [new("quickstart", 0, "{}", _elsewhere)]);

        _store.RecordSweepPoints("kd", [new("kd", 0, """{"kd":"b"}""", _kernelB)]);

        Assert.Equal([new SweepPoint("kd", 0, """{"kd":"b"}""", _kernelB)], _store.SweepPoints("kd"));
        Assert.Single(_store.SweepPoints("quickstart"));
    }

    [Fact]
    public void A_sweep_naming_an_unplanned_leaf_is_rejected_and_the_old_sweep_kept()
    {
        SweepPoint[] old = [new("kd", 0, "{}", _kernelA), new("kd", 1, "{}", _kernelB)];
        _store.RecordSweepPoints("kd", old);

        Assert.Throws<InvalidOperationException>(
            () => _store.RecordSweepPoints("kd", [new("kd", 0, "{}", TestRuns.Id("unplanned"))]));

        Assert.Equal(old, _store.SweepPoints("kd"));
    }

    [Fact]
    public void A_point_of_another_experiment_is_rejected() =>
        Assert.Throws<ArgumentException>(() => _store.RecordSweepPoints("kd", [new("quickstart", 0, "{}", _elsewhere)]));

    [Fact]
    public void RecordedForExperiment_returns_the_done_runs_of_that_experiment_with_their_records()
    {
        foreach (var id in new[] { _full, _kernelA, _kernelB, _elsewhere })
        {
            Assert.True(_store.TryClaim(id, TestRuns.ClaimByThisProcess()));
        }

        _store.AddMetrics(_kernelA, [new(0, -1, "val/top1", 0.7)]);
        _store.AddEvaluations(_kernelA, [new("min", "ks=3", 160, 0, 70, 90, 1, 1e8, 1000, null)]);
        _store.Complete(_full, "d-full");
        _store.Complete(_kernelA, "d-a");
        _store.Complete(_elsewhere, "d-q");
        _store.Fail(_kernelB, "diverged");

        var recorded = _store.RecordedForExperiment("kd");

        Assert.Equal([_full, _kernelA], recorded.Select(r => r.Run.Id));
        Assert.Empty(recorded[0].Metrics);
        Assert.Equal([new MetricPoint(0, -1, "val/top1", 0.7)], recorded[1].Metrics);
        Assert.Equal(160, recorded[1].Evaluations.Single().Resolution);
        Assert.Equal("d-a", recorded[1].Run.ResultDigest);
    }

    [Fact]
    public void Recorded_returns_any_run_and_refuses_an_unknown_one()
    {
        _store.AddMetrics(_kernelB, [new(0, -1, "val/top1", 0.1)]);

        var recorded = _store.Recorded(_kernelB);

        Assert.Equal((RunStatus.Pending, 1), (recorded.Run.Status, recorded.Metrics.Count));
        var error = Assert.Throws<OfaExpException>(() => _store.Recorded(TestRuns.Id("unknown")));
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }
}
