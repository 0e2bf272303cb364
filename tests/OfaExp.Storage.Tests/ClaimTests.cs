using System.Diagnostics;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;

namespace OfaExp.Storage.Tests;

public sealed class ClaimTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new(TestRuns.Start);
    private readonly RunStore _store;
    private readonly string _id = TestRuns.Id("full");

    public ClaimTests()
    {
        _store = TestRuns.OpenStore(_dir, _clock, host: "node-a");
        _store.EnsurePlanned([TestRuns.Planned(_id)]);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Claiming_a_pending_run_records_the_owner_and_counts_the_attempt()
    {
        _clock.Advance(TimeSpan.FromMinutes(5));
        var claim = TestRuns.ClaimByThisProcess();

        Assert.True(_store.TryClaim(_id, claim));

        var run = _store.Find(_id)!;
        var now = TestRuns.Start.AddMinutes(5);
        Assert.Equal(
            (RunStatus.Running, 1, "node-a", Environment.ProcessId, claim.PidStartTicks, "cpu", "0.1.0", "abc123", now, now),
            (run.Status, run.Attempts, run.Host, run.Pid, run.PidStartTicks, run.Device, run.ToolVersion, run.GitCommit,
                run.StartedAt, run.HeartbeatAt));
    }

    [Fact]
    public void A_claim_records_the_claimants_hardware_and_a_resumed_run_can_record_more()
    {
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess() with { Hardware = "cpu=a; aten=avx2" }));
        Assert.Equal("cpu=a; aten=avx2", _store.Find(_id)!.Hardware);

        _store.RecordHardware(_id, "cpu=a; aten=avx2 | cpu=b; aten=avx512");
        Assert.Equal("cpu=a; aten=avx2 | cpu=b; aten=avx512", _store.Find(_id)!.Hardware);

        _store.Fail(_id, "interrupted");
        Assert.Throws<OfaExpException>(() => _store.RecordHardware(_id, "cpu=c"));
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        Assert.Null(_store.Find(_id)!.Hardware);
    }

    [Fact]
    public void A_run_owned_by_a_live_process_on_this_host_cannot_be_claimed_however_old_its_heartbeat()
    {
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        _clock.Advance(TimeSpan.FromHours(3));

        Assert.False(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));

        Assert.Equal(1, _store.Find(_id)!.Attempts);
        Assert.Empty(_store.FindAbandoned());
    }

    [Fact]
    public void A_run_owned_by_an_exited_process_is_abandoned_and_reclaimable()
    {
        var deadPid = ExitedProcessId();
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess() with { Pid = deadPid, PidStartTicks = 12345 }));

        Assert.Equal([_id], _store.FindAbandoned().Select(r => r.Id));
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));

        var run = _store.Find(_id)!;
        Assert.Equal((RunStatus.Running, 2, Environment.ProcessId), (run.Status, run.Attempts, run.Pid));
        Assert.Empty(_store.FindAbandoned());
    }

    [Fact]
    public void A_reused_pid_with_another_start_time_does_not_keep_the_run()
    {
        var live = TestRuns.ClaimByThisProcess();
        Assert.True(_store.TryClaim(_id, live with { PidStartTicks = live.PidStartTicks - 1 }));

        Assert.True(_store.TryClaim(_id, live));

        Assert.Equal(2, _store.Find(_id)!.Attempts);
    }

    [Fact]
    public void A_run_from_another_host_is_kept_while_its_heartbeat_is_fresh()
    {
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess(host: "node-b")));

        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        _store.Heartbeat(_id);
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        Assert.Empty(_store.FindAbandoned());

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([_id], _store.FindAbandoned().Select(r => r.Id));
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        Assert.Equal(("node-a", 2), (_store.Find(_id)!.Host, _store.Find(_id)!.Attempts));
    }

    [Fact]
    public void The_staleness_limit_is_configurable()
    {
        using var impatient = RunStore.Open(
            _dir.File("ofaexp.db"),
            new RunStoreOptions { Host = "node-a", Clock = _clock, StaleAfter = TimeSpan.FromMinutes(1) });
        Assert.True(impatient.TryClaim(_id, TestRuns.ClaimByThisProcess(host: "node-b")));

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Empty(_store.FindAbandoned());
        Assert.Equal([_id], impatient.FindAbandoned().Select(r => r.Id));
        Assert.False(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        Assert.True(impatient.TryClaim(_id, TestRuns.ClaimByThisProcess()));
    }

    [Fact]
    public void Of_several_stores_racing_for_one_run_exactly_one_wins()
    {
        var stores = Enumerable.Range(0, 4)
            .Select(_ => TestRuns.OpenStore(_dir, _clock))
            .ToList();
        try
        {
            var wins = new bool[stores.Count];
            Parallel.For(0, stores.Count, i => wins[i] = stores[i].TryClaim(_id, TestRuns.ClaimByThisProcess()));

            Assert.Single(wins, won => won);
            Assert.Equal(1, _store.Find(_id)!.Attempts);
        }
        finally
        {
            stores.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void Complete_records_the_digest_and_a_done_run_is_never_claimed_again()
    {
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        _clock.Advance(TimeSpan.FromMinutes(30));

        _store.Complete(_id, "digest-1");

        var run = _store.Find(_id)!;
        Assert.Equal((RunStatus.Done, "digest-1", TestRuns.Start.AddMinutes(30)), (run.Status, run.ResultDigest, run.FinishedAt));
        Assert.False(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
    }

    [Fact]
    public void A_failed_run_keeps_its_error_until_it_is_claimed_again()
    {
        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        _store.Fail(_id, "loss became NaN at epoch 3");

        var failed = _store.Find(_id)!;
        Assert.Equal((RunStatus.Failed, "loss became NaN at epoch 3"), (failed.Status, failed.Error));
        Assert.NotNull(failed.FinishedAt);

        Assert.True(_store.TryClaim(_id, TestRuns.ClaimByThisProcess()));
        var retried = _store.Find(_id)!;
        Assert.Equal((RunStatus.Running, 2, null, null), (retried.Status, retried.Attempts, retried.Error, retried.FinishedAt));
    }

    [Fact]
    public void Finishing_or_heartbeating_a_run_that_is_not_running_is_an_internal_error()
    {
        var complete = Assert.Throws<OfaExpException>(() => _store.Complete(_id, "digest"));
        Assert.Equal(ExitCodes.Internal, complete.ExitCode);
        Assert.Contains("it is pending", complete.Message);

        Assert.Throws<OfaExpException>(() => _store.Heartbeat(_id));
        Assert.Throws<OfaExpException>(() => _store.Fail(TestRuns.Id("unknown"), "boom"));
        Assert.Equal(RunStatus.Pending, _store.Find(_id)!.Status);
    }

    [Fact]
    public void An_unknown_run_cannot_be_claimed() =>
        Assert.False(_store.TryClaim(TestRuns.Id("unknown"), TestRuns.ClaimByThisProcess()));

    private static int ExitedProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
