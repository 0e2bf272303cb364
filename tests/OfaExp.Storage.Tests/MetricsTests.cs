using OfaExp.Core.Runs;

namespace OfaExp.Storage.Tests;

public sealed class MetricsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly RunStore _store;
    private readonly string _run = TestRuns.Id("full");
    private readonly string _other = TestRuns.Id("other");

    public MetricsTests()
    {
        _store = TestRuns.OpenStore(_dir, new ManualClock(TestRuns.Start));
        _store.EnsurePlanned([TestRuns.Planned(_run), TestRuns.Planned(_other)]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Metrics_read_back_ordered_by_epoch_step_and_name_with_special_values_intact()
    {
        MetricPoint[] recorded =
        [
            new(1, 20, "train/loss", double.NaN),
            new(0, -1, "val/top1", 0.5),
            new(1, -1, "val/top1", double.PositiveInfinity),
            new(0, 10, "train/loss", 2.25),
            new(0, 10, "train/lr", 0.1),
            new(0, -1, "val/loss", -0.0),
        ];
        _store.AddMetrics(_run, recorded);
        _store.AddMetrics(_other, [new(0, -1, "val/top1", 0.9)]);

        var read = _store.Metrics(_run);

        Assert.Equal(
            [recorded[5], recorded[1], recorded[3], recorded[4], recorded[2], recorded[0]],
            read);
        Assert.True(double.IsNaN(read[5].Value));
    }

    [Fact]
    public void DeleteMetricsAfter_keeps_the_checkpointed_epochs_and_other_runs()
    {
        var points = Enumerable.Range(0, 4).Select(e => new MetricPoint(e, -1, "val/top1", e / 10.0)).ToList();
        _store.AddMetrics(_run, points);
        _store.AddMetrics(_other, points);

        _store.DeleteMetricsAfter(_run, 1);

        Assert.Equal(points.Take(2), _store.Metrics(_run));
        Assert.Equal(points, _store.Metrics(_other));
    }

    [Fact]
    public void A_large_batch_is_stored_completely()
    {
        var points = Enumerable.Range(0, 50_000).Select(i => new MetricPoint(i / 1000, i, "train/loss", i)).ToList();

        _store.AddMetrics(_run, points);

        Assert.Equal(points, _store.Metrics(_run));
    }

    [Fact]
    public void Evaluations_round_trip_in_recording_order()
    {
        SubnetEvaluation[] evaluations =
        [
            new("max", "ks=7,7|e=6,4|d=4", 224, 2, 76.5, 93.1, 0.91, 3.1e8, 5_400_000, 12.5),
            new("min", "ks=3,3|e=3,3|d=2", 160, 0, double.NaN, 80.0, 1.5, 1.2e8, 2_100_000, null),
            new("max", "ks=7,7|e=6,4|d=4", 160, 2, 70.5, 90.1, 1.01, 1.6e8, 5_400_000, null),
        ];

        _store.AddEvaluations(_run, evaluations);

        var read = _store.Evaluations(_run);
        Assert.Equal(evaluations, read);
        Assert.Empty(_store.Evaluations(_other));
    }

    [Fact]
    public void Evaluations_of_an_unknown_run_are_rejected()
    {
        var unknown = TestRuns.Id("unknown");

        Assert.Throws<InvalidOperationException>(
            () => _store.AddEvaluations(unknown, [new("max", "a", 224, 0, 1, 1, 1, 1, 1, null)]));
        Assert.Empty(_store.Evaluations(unknown));
    }

    [Fact]
    public void A_repeated_evaluation_key_is_rejected_and_nothing_of_the_batch_is_kept()
    {
        _store.AddEvaluations(_run, [new("max", "a", 224, 0, 1, 1, 1, 1, 1, null)]);

        var error = Assert.Throws<InvalidOperationException>(
            () => _store.AddEvaluations(_run, [new("min", "b", 224, 0, 1, 1, 1, 1, 1, null), new("max", "a", 224, 0, 2, 2, 2, 2, 2, null)]));

        Assert.Contains("repeats a (name, architecture, resolution, exit)", error.Message);
        Assert.Equal(["max"], _store.Evaluations(_run).Select(e => e.Name));
    }

    [Fact]
    public void Deleting_evaluations_touches_only_that_run()
    {
        _store.AddEvaluations(_run, [new("max", "a", 224, 0, 1, 1, 1, 1, 1, null)]);
        _store.AddEvaluations(_other, [new("max", "a", 224, 0, 1, 1, 1, 1, 1, null)]);

        _store.DeleteEvaluations(_run);

        Assert.Empty(_store.Evaluations(_run));
        Assert.Single(_store.Evaluations(_other));
    }
}
