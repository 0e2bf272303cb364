using OfaExp.Core.Execution;
using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

/// <summary>The whole-sweep estimate from injected times: no clock is read, so every number here is exact.</summary>
public sealed class SweepEtaTests
{
    // a: 10 steps of 1 unit; b: 10 steps of 2 units plus 10 units of evaluation; c: 30 units after no steps; z: nothing the plan can size.
    private static readonly Dictionary<string, RunWork> Plan = new()
    {
        ["a"] = new RunWork(2, 5, 1, 0),
        ["b"] = new RunWork(1, 10, 2, 10),
        ["c"] = new RunWork(0, 0, 0, 30),
        ["z"] = new RunWork(0, 0, 0, 0),
    };

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void Nothing_is_estimated_before_a_step_is_measured()
    {
        var eta = new SweepEta(Plan);
        Assert.Null(eta.Remaining);

        eta.Started("a", 0, S(0));
        Assert.Null(eta.Remaining);
        Assert.Equal(0, eta.Finished);
        Assert.Equal(4, eta.Total);
    }

    [Fact]
    public void The_first_steps_set_the_rate_for_everything_left()
    {
        var eta = new SweepEta(Plan);
        eta.Started("a", 0, S(100));
        eta.Stepped("a", 4, S(108));

        // 4 units in 8 s: 2 s per unit. Left: 6 of a, 30 of b, 30 of c.
        Assert.Equal(2, eta.SecondsPerUnit);
        Assert.Equal(S(132), eta.Remaining);
    }

    [Fact]
    public void Finished_runs_and_the_current_run_are_measured_together()
    {
        var eta = new SweepEta(Plan);
        eta.Started("a", 0, S(0));
        eta.Stepped("a", 10, S(18));
        eta.Ended("a", trained: true, S(20));
        Assert.Equal(1, eta.Finished);
        Assert.Equal(2, eta.SecondsPerUnit);
        Assert.Equal(S(120), eta.Remaining);

        // b runs at 1 s per unit: 10 units in 10 s joins a's 10 units in 20 s.
        eta.Started("b", 0, S(20));
        eta.Stepped("b", 5, S(30));
        Assert.Equal(1.5, eta.SecondsPerUnit);
        Assert.Equal(S(1.5 * (20 + 30)), eta.Remaining);
    }

    [Fact]
    public void A_resumed_run_measures_only_this_attempt_and_leaves_only_its_rest()
    {
        var eta = new SweepEta(Plan);
        eta.Started("a", 1, S(0));
        Assert.Null(eta.Remaining);

        // 5 steps were done before; 2 more take 4 s.
        eta.Stepped("a", 7, S(4));
        Assert.Equal(2, eta.SecondsPerUnit);
        Assert.Equal(S(2 * (3 + 30 + 30)), eta.Remaining);

        eta.Ended("a", trained: true, S(10));
        Assert.Equal(2, eta.SecondsPerUnit);
    }

    [Fact]
    public void Failed_skipped_and_unsized_runs_leave_the_rate_alone_and_the_work_left_shrinks()
    {
        var eta = new SweepEta(Plan);
        eta.Started("a", 0, S(0));
        eta.Stepped("a", 10, S(10));
        eta.Ended("a", trained: true, S(10));

        eta.Started("b", 0, S(10));
        eta.Stepped("b", 2, S(100));
        eta.Ended("b", trained: false, S(110));
        eta.Started("z", 0, S(110));
        eta.Ended("z", trained: true, S(500));
        eta.Ended("c", trained: false, S(500));

        Assert.Equal(1, eta.SecondsPerUnit);
        Assert.Equal(TimeSpan.Zero, eta.Remaining);
        Assert.Equal(4, eta.Finished);
    }

    [Fact]
    public void Work_measured_only_at_the_end_counts_when_the_run_ends()
    {
        var eta = new SweepEta(Plan);
        eta.Started("c", 0, S(0));
        eta.Stepped("c", 3, S(5));
        Assert.Null(eta.Remaining);

        eta.Ended("c", trained: true, S(15));
        Assert.Equal(0.5, eta.SecondsPerUnit);
        Assert.Equal(S(0.5 * (10 + 30)), eta.Remaining);
    }

    [Fact]
    public void Reports_of_another_run_or_going_backwards_are_ignored()
    {
        var eta = new SweepEta(Plan);
        eta.Started("a", 0, S(0));
        eta.Stepped("a", 4, S(8));
        eta.Stepped("b", 9, S(9));
        eta.Stepped("a", 3, S(50));
        eta.Ended("unknown", trained: true, S(60));

        Assert.Equal(2, eta.SecondsPerUnit);
        Assert.Equal(0, eta.Finished);
    }

    [Fact]
    public void A_phase_is_estimated_at_its_own_rate_once_one_of_its_runs_is_measured()
    {
        // Two full runs (10 units each) and two shrinking runs (10 units each) that go four times as fast per unit.
        var plan = new Dictionary<string, RunWork>
        {
            ["full0"] = new RunWork(1, 10, 1, 0),
            ["full1"] = new RunWork(1, 10, 1, 0),
            ["kernel0"] = new RunWork(1, 10, 1, 0),
            ["kernel1"] = new RunWork(1, 10, 1, 0),
        };
        var phases = new Dictionary<string, string> { ["full0"] = "full", ["full1"] = "full", ["kernel0"] = "kernel", ["kernel1"] = "kernel" };
        var eta = new SweepEta(plan, phases);
        eta.Started("full0", 0, S(0));
        eta.Ended("full0", trained: true, S(40));

        // Nothing of kernel is measured: everything left at full's 4 s per unit.
        Assert.Equal(S(4 * 30), eta.Remaining);

        eta.Started("kernel0", 0, S(40));
        eta.Stepped("kernel0", 5, S(45));

        // kernel at its own 1 s per unit (5 left of kernel0, 10 of kernel1), full1 at 4 s per unit.
        Assert.Equal(S((1 * 15) + (4 * 10)), eta.Remaining);
        eta.Ended("kernel0", trained: true, S(50));
        Assert.Equal(S((1 * 10) + (4 * 10)), eta.Remaining);

        // The overall rate still counts everything, for groups not measured yet.
        Assert.Equal(50.0 / 20, eta.SecondsPerUnit);
    }

    [Fact]
    public void Workers_share_the_work_left_but_not_a_run()
    {
        var eta = new SweepEta(Plan, workers: 2);
        eta.Started("a", 0, S(100));
        eta.Stepped("a", 4, S(108));

        // 2 s per unit as above: 132 s of work left, shared by two workers.
        Assert.Equal(S(66), eta.Remaining);

        // Other workers finish b and z: only c is left (60 s), and one run cannot be shared.
        eta.Ended("b", trained: false, S(110));
        eta.Ended("z", trained: false, S(110));
        Assert.Equal(S(60), eta.Remaining);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SweepEta(Plan, workers: 0));
    }
}
