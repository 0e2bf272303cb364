using OfaExp.Execution.Planning;
using System.Diagnostics;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

public sealed class DeadOwnerTests
{
    [Fact]
    public void A_run_left_running_by_a_dead_process_is_taken_over()
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Sandbox.Tiny);
        var run = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "tiny"), []).Runs.Single();

        using var child = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var ticks = ProcessLiveness.StartTicks(child.Id) ?? 1;
        child.WaitForExit();
        using (var store = RunStore.Open(box.Db))
        {
            store.EnsurePlanned([new RunRecord(run.Id, run.Experiment, run.Phase, null, run.ConfigJson, RunStatus.Pending, 0,
                null, null, null, null, null, null, DateTimeOffset.UnixEpoch, null, null, null, null, null)]);
            Assert.True(store.TryClaim(run.Id, new ClaimInfo(Environment.MachineName, child.Id, ticks, "cpu", "test", null)));
        }

        var r = box.Run("sweep", "experiments/tiny");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Contains($"was left running by process {child.Id}", r.Err, StringComparison.Ordinal);
        using (var store = RunStore.Open(box.Db))
        {
            var after = store.Find(run.Id)!;
            Assert.Equal(RunStatus.Done, after.Status);
            Assert.Equal(2, after.Attempts);
            Assert.Equal(Environment.MachineName, after.Host);
        }
    }
}
