using OfaExp.Core.Execution;
using OfaExp.Core.Search;

namespace OfaExp.Core.Tests;

public class PhaseTimesTests
{
    private static readonly PhaseTimes Times = new(
        [new("train_step", 30), new("test", 10), new("other", 0)], [new("gc_pause", 0.5)], 40);

    [Fact]
    public void Every_time_is_a_measurement_metric_at_the_given_epoch()
    {
        var metrics = Times.ToMetrics(3);

        Assert.Equal(["time_train_step_seconds", "time_test_seconds", "time_other_seconds", "time_gc_pause_seconds", "time_total_seconds"], metrics.Select(m => m.Name));
        Assert.All(metrics, m => Assert.True(MeasurementMetrics.IsMeasurement(m.Name), m.Name));
        Assert.All(metrics, m => Assert.Equal((3, -1), (m.Epoch, m.Step)));
        Assert.Equal(40, metrics[^1].Value);
    }

    [Fact]
    public void Every_phase_kind_declares_the_time_metrics_a_full_breakdown_writes()
    {
        var full = new PhaseTimes(
            [.. TimeCategoryNames.Spelling.All.Append(PhaseTimes.Other).Select(n => new PhaseTime(n, 1))],
            [new(PhaseTimes.BatchFill, 0), new(PhaseTimes.GcPause, 0), new(PhaseTimes.ProcessCpu, 0)],
            11);

        Assert.Equal(PhaseTimes.MetricNames, full.ToMetrics(0).Select(m => m.Name));
        Assert.All(PhaseTimes.MetricNames, n => Assert.True(MeasurementMetrics.IsMeasurement(n), n));
        foreach (var kind in Enum.GetValues<Spec.PhaseKind>())
        {
            Assert.Subset(Spec.PhaseMetrics.Of(kind).ToHashSet(), PhaseTimes.MetricNames.ToHashSet());
        }
    }

    [Fact]
    public void The_log_line_gives_each_part_with_its_share_then_what_ran_alongside()
    {
        Assert.Equal("40.0 s = train_step 30.0 (75%) + test 10.0 (25%) + other 0.0 (0%); alongside: gc_pause 0.5", Times.ToText());
    }
}
