using OfaExp.Execution;
using OfaExp.Execution.Planning;

namespace OfaExp.Cli.Tests;

/// <summary>--workers auto: the cores divided by the runs' threads, never more than the runs that can train at once.</summary>
public sealed class WorkerChoiceTests
{
    private static Core.Planning.RunPlan Plan(Sandbox box, params string[] overrides)
    {
        box.Write("experiments/e/experiment.yaml", Sandbox.TinyShrinking(kernelEpochs: 1) + "sweep:\n  seed: [0, 1, 2]\n");
        return PlanBuilder.Build(Path.Combine(box.Root, "experiments", "e"), overrides);
    }

    [Fact]
    public void One_thread_runs_fill_the_cores_up_to_the_widest_wave()
    {
        using var box = new Sandbox();
        var plan = Plan(box, "device.threads=1");

        Assert.Equal(new WorkerChoice(2, "2 workers: 2 cores / 1 thread per run"), WorkerChoice.Auto(plan, plan.Runs, cores: 2));
        Assert.Equal(new WorkerChoice(3, "3 workers: 8 cores / 1 thread per run, and at most 3 runs can train at once"), WorkerChoice.Auto(plan, plan.Runs, cores: 8));
    }

    [Fact]
    public void Runs_as_wide_as_the_machine_train_one_at_a_time_and_a_chain_needs_one_worker()
    {
        using var box = new Sandbox();
        var plan = Plan(box);
        Assert.Equal(new WorkerChoice(1, "1 worker: 2 cores / 2 threads per run"), WorkerChoice.Auto(plan, plan.Runs, cores: 2));

        // Once the three full runs are done, the three kernel runs can still train side by side; one chain cannot.
        var kernels = plan.Runs.Where(r => r.Phase == "kernel").ToList();
        Assert.Equal(3, WorkerChoice.Auto(plan, kernels, cores: 16).Count);
        Assert.Equal(new WorkerChoice(1, "1 worker: 16 cores / 2 threads per run, and at most 1 run can train at once"), WorkerChoice.Auto(plan, plan.Runs.Where(r => r.Spec.Seed == 0).ToList(), cores: 16));
        Assert.Equal(new WorkerChoice(1, "1 worker: nothing to train"), WorkerChoice.Auto(plan, [], cores: 16));
    }

    [Fact]
    public void A_sweep_says_what_auto_chose_and_a_bad_count_is_refused()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny);
        var r = box.Run("sweep", "experiments/e");
        Assert.True(r.Exit == 0, r.Err);
        Assert.Contains($"Trained with 1 worker: {Environment.ProcessorCount} cores / 2 threads per run", r.Out, StringComparison.Ordinal);

        var bad = box.Run("sweep", "experiments/e", "--workers", "many");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--workers many: give auto", bad.Err, StringComparison.Ordinal);
    }
    /// <summary>Workers are told how many processes the sweep has, so their progress lines print the same ETA as the sweep's (the work left shared among all of them).</summary>
    [Fact]
    public void Started_workers_know_the_sweep_and_how_many_processes_share_its_work()
    {
        var startedAt = new DateTimeOffset(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);
        var workers = Launch.WorkerProcesses.For(3, startedAt, cuda: false);

        Assert.Equal(2, workers.Count);
        Assert.All(workers, w =>
        {
            var args = w.ArgumentList.ToList();
            Assert.Equal(startedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture), args[args.IndexOf("--worker-of") + 1]);
            Assert.Equal("3", args[args.IndexOf("--sweep-workers") + 1]);
            Assert.DoesNotContain("--workers", args);
        });
    }
    /// <summary>A latency table or a search measures the machine: auto never trains beside one, however wide the sweep.</summary>
    [Fact]
    public void A_sweep_that_times_latencies_or_searches_takes_one_worker()
    {
        using var box = new Sandbox();
        box.Write("experiments/s/experiment.yaml", """
            supernet:
              width_mult: 0.5
              resolutions: [24, 28]
            pipeline: [full, accuracy_dataset, predictor, latency_table, search]
            search:
              targets: [1MFLOPs]
            sweep:
              seed: [0, 1, 2]
            """);
        var plan = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "s"), ["device.threads=1"]);

        Assert.Equal(new WorkerChoice(1, "1 worker: the sweep times latencies or searches, which run alone"), WorkerChoice.Auto(plan, plan.Runs, cores: 8));
        Assert.Equal(["latency_table", "search"], plan.Runs.Where(WorkerChoice.Times).Select(r => r.Phase).Distinct().Order());
        var training = plan.Runs.Where(r => !WorkerChoice.Times(r)).ToList();
        Assert.Equal(3, WorkerChoice.Auto(plan, training, cores: 8).Count);
    }
}
