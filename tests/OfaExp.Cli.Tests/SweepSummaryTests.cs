using OfaExp.Cli.Execution;
using OfaExp.Cli.Output;

namespace OfaExp.Cli.Tests;

/// <summary>The table a sweep ends with: a row per run, its time only when it ran, and the totals.</summary>
public sealed class SweepSummaryTests
{
    [Fact]
    public void Every_run_gets_its_status_top1_and_time_and_the_totals_add_up()
    {
        var text = SweepSummary.Render(
            [
                new RunResult(new string('a', 64), "q", "full", "reused", TimeSpan.Zero, 80.5, null),
                new RunResult(new string('b', 64), "q", "kernel", "trained", TimeSpan.FromSeconds(65), 71.25, null),
                new RunResult(new string('c', 64), "q", "depth", "failed", TimeSpan.FromSeconds(2.5), null, "boom"),
                new RunResult(new string('d', 64), "q", "expand", "skipped", TimeSpan.Zero, null, "parent cccccccccccc is not done"),
            ],
            TimeSpan.FromSeconds(70));

        Assert.Equal(
            """
            RUN           EXPERIMENT  PHASE   STATUS                                    VAL TOP-1  TIME
            aaaaaaaaaaaa  q           full    reused                                    80.50%     -
            bbbbbbbbbbbb  q           kernel  trained                                   71.25%     1m05s
            cccccccccccc  q           depth   failed: boom                              -          2.5s
            dddddddddddd  q           expand  skipped: parent cccccccccccc is not done  -          -
            1 trained, 1 reused, 1 failed, 1 skipped; training 1m07s, wall time 1m10s.

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void Runs_left_to_another_process_are_counted_only_when_there_are_some()
    {
        var busy = SweepSummary.Render([new RunResult(new string('a', 64), "q", "full", "busy", TimeSpan.Zero, null, null)], TimeSpan.FromSeconds(1));
        var none = SweepSummary.Render([new RunResult(new string('a', 64), "q", "full", "reused", TimeSpan.Zero, null, null)], TimeSpan.FromSeconds(1));

        Assert.EndsWith("0 trained, 0 reused, 0 failed, 0 skipped, 1 busy; training 0.0s, wall time 1.0s.\n", busy, StringComparison.Ordinal);
        Assert.DoesNotContain("busy", none, StringComparison.Ordinal);
    }
}
