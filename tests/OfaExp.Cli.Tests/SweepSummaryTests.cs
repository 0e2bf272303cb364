using OfaExp.Nn.Threads;
using OfaExp.Execution;
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
                new RunResult(new string('a', 64), "q", "full", RunOutcome.Reused, TimeSpan.Zero, 80.5, null),
                new RunResult(new string('b', 64), "q", "kernel", RunOutcome.Trained, TimeSpan.FromSeconds(65), 71.25, null),
                new RunResult(new string('c', 64), "q", "depth", RunOutcome.Failed, TimeSpan.FromSeconds(2.5), null, "boom"),
                new RunResult(new string('d', 64), "q", "expand", RunOutcome.Skipped, TimeSpan.Zero, null, "parent cccccccccccc is not done"),
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
    public void Runs_trained_by_another_process_are_counted_with_their_time_only_when_there_are_some()
    {
        var elsewhere = SweepSummary.Render([new RunResult(new string('a', 64), "q", "full", RunOutcome.TrainedElsewhere, TimeSpan.FromSeconds(3), null, null)], TimeSpan.FromSeconds(4));
        var none = SweepSummary.Render([new RunResult(new string('a', 64), "q", "full", RunOutcome.Reused, TimeSpan.Zero, null, null)], TimeSpan.FromSeconds(1));

        Assert.Contains("full   trained elsewhere  -          3.0s", elsewhere, StringComparison.Ordinal);
        Assert.EndsWith("0 trained, 1 trained elsewhere, 0 reused, 0 failed, 0 skipped; training 3.0s, wall time 4.0s.\n", elsewhere, StringComparison.Ordinal);
        Assert.DoesNotContain("elsewhere", none, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_says_when_its_threads_were_held_throttled_for_a_tenth_of_its_time_or_more()
    {
        var wall = TimeSpan.FromMinutes(6);
        var note = SweepSummary.SpinNote(new SpinReport(SpinGovernorState.Governing, TimeSpan.FromMinutes(4), TimeSpan.FromSeconds(80), 3), wall);

        Assert.Equal(
            "libtorch's threads waited without spinning for 1m20s of 6m00s because other processes used the cores, so the runs took longer than on an idle machine (their results do not change).",
            note);
        Assert.Null(SweepSummary.SpinNote(new SpinReport(SpinGovernorState.Governing, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), 1), wall));
        Assert.Null(SweepSummary.SpinNote(new SpinReport(SpinGovernorState.Governing, TimeSpan.Zero, TimeSpan.FromSeconds(4), 0), TimeSpan.FromSeconds(10)));
        Assert.Null(SweepSummary.SpinNote(new SpinReport(SpinGovernorState.Off, TimeSpan.Zero, TimeSpan.Zero, 0), wall));
        Assert.StartsWith("warning: libtorch's libgomp was not found", SweepSummary.SpinNote(new SpinReport(SpinGovernorState.Unavailable, TimeSpan.Zero, TimeSpan.Zero, 0), wall), StringComparison.Ordinal);
    }
}
