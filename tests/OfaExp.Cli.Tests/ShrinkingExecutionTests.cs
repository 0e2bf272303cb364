using OfaExp.Execution;
using OfaExp.Core.Spec;
using System.Text;
using Microsoft.Data.Sqlite;
using OfaExp.Cli.Execution;
using OfaExp.Cli.Output;
using OfaExp.Core.Execution;
using OfaExp.Core.Hardware;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Shrinking phases through the executor with a fake trainer (the real one is not written yet): teacher models,
/// subnet evaluations, and what happens when the teacher's model is missing or damaged.
/// </summary>
public sealed class ShrinkingExecutionTests : IDisposable
{
    private const string Experiment = """
        supernet:
          resolutions: [24, 28]
        pipeline: [full, kernel, depth]
        phases:
          kernel: {epochs: 1}
          depth: {epochs: 1, subnets_per_step: 2}
        eval:
          subnets: [min, max]
          test_subset: 100

        """;

    private readonly Sandbox _box = new();
    private readonly RunStore _store;
    private readonly ArtifactStore _artifacts;
    private readonly List<(string Phase, byte[]? Parent, byte[]? Teacher)> _calls = [];
    private readonly RecordingObserver _observer = new();

    public ShrinkingExecutionTests()
    {
        _store = RunStore.Open(_box.Db);
        _artifacts = new ArtifactStore(Path.Combine(_box.Root, "artifacts", "store"));
    }

    public void Dispose()
    {
        _store.Dispose();
        _box.Dispose();
    }

    private RunPlan Plan(string yaml = Experiment, params string[] overrides)
    {
        _box.Write("experiments/ps/experiment.yaml", yaml);
        var sources = ExperimentTree.Discover(Path.Combine(_box.Root, "experiments", "ps"));
        return RunPlanner.Plan(sources.Select(s => (s, ExperimentTree.Load(s, overrides))).ToList(), _ => new string('a', 64));
    }

    /// <summary>Model bytes name the phase and the parent's bytes, so the test can see which model reached whom.</summary>
    private PhaseOutcome Fake(PlannedRun run, byte[]? parent, byte[]? teacher, Func<PhaseRole, byte[]?> ancestor, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken token)
    {
        _calls.Add((run.Phase, parent, teacher));
        recorder.RecordMetrics([new MetricPoint(0, -1, "val_top1", 50)]);
        if (run.Phase != "full")
        {
            var spec = run.Spec;
            recorder.RecordSubnetEvaluations(spec.Eval.Subnets
                .SelectMany(s => spec.Eval.Resolutions.Select(r => new SubnetEvaluation(s.Name, $"K{s.KernelSize}E{s.ExpandRatio}D{s.Depth}", r, 0, s.KernelSize * 10 + r / 4.0, 90, 1, r * 1e6, 1000, null)))
                .ToList());
        }

        return new PhaseOutcome(Encoding.UTF8.GetBytes($"{run.Phase}<{(parent is null ? "" : Encoding.UTF8.GetString(parent))}"), []);
    }

    private IReadOnlyList<RunResult> Execute(RunPlan plan, PhaseTrainer? trainer = null, IReadOnlyCollection<string>? only = null, Func<Core.Spec.DeviceKind, HardwareClass>? hardware = null) =>
        new SweepExecutor(_store, _artifacts, trainer ?? Fake) { ModelOfCheckpoint = b => Nn.Training.TrainerCheckpoint.Parse(b).Model, HardwareOf = hardware }.Execute(plan, only, _observer, CancellationToken.None);

    [Fact]
    public void A_runs_times_are_recorded_as_measurements_and_printed_and_leave_its_result_digest_alone()
    {
        var plan = Plan();
        var times = new PhaseTimes([new("train_step", 3), new("other", 1)], [new("gc_pause", 0.25)], 4);
        Execute(plan, (run, parent, teacher, ancestor, recorder, progress, token) =>
            Fake(run, parent, teacher, ancestor, recorder, progress, token) with { Times = times });

        using var plain = new Sandbox();
        using (var store = RunStore.Open(plain.Db))
        {
            new SweepExecutor(store, new ArtifactStore(Path.Combine(plain.Root, "artifacts", "store")), Fake) { ModelOfCheckpoint = b => Nn.Training.TrainerCheckpoint.Parse(b).Model }
                .Execute(plan, null, new RecordingObserver(), CancellationToken.None);
            Assert.Equal(
                store.Get(plan.Runs.Select(r => r.Id)).Select(r => r.ResultDigest),
                _store.Get(plan.Runs.Select(r => r.Id)).Select(r => r.ResultDigest));
        }

        foreach (var run in plan.Runs)
        {
            var recorded = _store.Metrics(run.Id).Where(m => m.Name.StartsWith("time_", StringComparison.Ordinal)).ToList();
            Assert.Equal(
                [("time_gc_pause_seconds", 0.25), ("time_other_seconds", 1.0), ("time_total_seconds", 4.0), ("time_train_step_seconds", 3.0)],
                recorded.Select(m => (m.Name, m.Value)).Order());
            Assert.All(recorded, m => Assert.Equal((0, -1), (m.Epoch, m.Step)));
            Assert.Contains(_observer.Events, e => e.StartsWith($"note Time of run {Core.Hashing.RunIdentity.Short(run.Id)} (ps/{run.Phase}): 4.0 s = train_step 3.0 (75%)", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Distilling_phases_get_the_full_runs_model_as_teacher_and_record_their_evaluations()
    {
        var plan = Plan();
        var results = Execute(plan);

        Assert.All(results, r => Assert.Equal(RunOutcome.Trained, r.Outcome));
        Assert.Equal(["full", "kernel", "depth"], _calls.Select(c => c.Phase));
        Assert.Null(_calls[0].Teacher);
        Assert.Equal("full<", Encoding.UTF8.GetString(_calls[1].Teacher!));
        Assert.Equal("full<", Encoding.UTF8.GetString(_calls[2].Teacher!));
        Assert.Equal("kernel<full<", Encoding.UTF8.GetString(_calls[2].Parent!));

        var depth = plan.Runs.Single(r => r.Phase == "depth");
        Assert.Equal(
            ["min@24", "min@28", "max@24", "max@28"],
            _store.Evaluations(depth.Id).Select(e => $"{e.Name}@{e.Resolution}"));
        Assert.Equal("K3E3D2", _store.Evaluations(depth.Id)[0].Architecture);
        Assert.Empty(_store.Evaluations(plan.Runs[0].Id));

        var show = RunDetails.Render(_store, depth.Id);
        Assert.Contains($"teacher       {plan.Runs[0].Id}", show, StringComparison.Ordinal);
        Assert.Contains("\nhardware      unknown\n", show, StringComparison.Ordinal);
        Assert.Contains("subnet evaluations", show, StringComparison.Ordinal);
        Assert.Matches(@"\n  max     28   0     77\.00", show);
    }

    [Fact]
    public void The_observer_hears_of_each_pending_run_in_order_and_of_nothing_once_all_are_done()
    {
        var plan = Plan();
        Execute(plan);

        Assert.Equal(
            ["sweep full,kernel,depth", "start full 0", "end full trained", "start kernel 0", "end kernel trained", "start depth 0", "end depth trained"],
            _observer.Events);

        _observer.Events.Clear();
        Execute(plan);
        Assert.Empty(_observer.Events);
    }

    [Fact]
    public void The_observer_hears_of_failures_skipped_runs_and_resumed_epochs()
    {
        var plan = Plan();
        var attempts = 0;
        PhaseOutcome FailingAfterAnEpoch(PlannedRun run, byte[]? parent, byte[]? teacher, Func<PhaseRole, byte[]?> ancestor, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken token)
        {
            if (run.Phase == "full" && attempts++ == 0)
            {
                recorder.SaveCheckpoint(0, new Nn.Training.TrainerCheckpoint(0, Encoding.UTF8.GetBytes("full@0"), [1], [], []).ToBytes());
                throw new InvalidOperationException("out of memory in epoch 2");
            }

            return Fake(run, parent, teacher, ancestor, recorder, progress, token);
        }

        Execute(plan, FailingAfterAnEpoch);
        var full = Core.Hashing.RunIdentity.Short(plan.Runs[0].Id);
        Assert.Equal(
            ["sweep full,kernel,depth", "start full 0", $"note Run {full} (ps/full) failed: InvalidOperationException: out of memory in epoch 2", "end full failed", "end kernel skipped", "end depth skipped"],
            _observer.Events);

        _observer.Events.Clear();
        Execute(plan, FailingAfterAnEpoch);
        Assert.Equal(["sweep full,kernel,depth", $"note Resuming run {full} (ps/full) after epoch 1.", "start full 1", "end full trained"], _observer.Events.Take(4));
    }

    [Fact]
    public void A_run_records_the_hardware_it_trained_on_and_every_class_when_it_resumed_on_other_hardware()
    {
        var plan = Plan();
        var (full, kernel) = (plan.Runs[0].Id, plan.Runs.Single(r => r.Phase == "kernel").Id);
        var nodeA = new HardwareClass("AMD EPYC 9654 96-Core Processor", "avx512", "native", null, null, "0.107.0", "libtorch-cpu-linux-x64 2.10.0");
        var nodeB = nodeA with { Cpu = "AMD EPYC 7B13", AtenCapability = "avx2" };
        var attempts = new Dictionary<string, int>();
        PhaseOutcome FailingFirst(PlannedRun run, byte[]? parent, byte[]? teacher, Func<PhaseRole, byte[]?> ancestor, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken token)
        {
            var attempt = attempts[run.Phase] = attempts.GetValueOrDefault(run.Phase) + 1;
            if (run.Phase == "full" && attempt == 1)
            {
                recorder.SaveCheckpoint(0, new Nn.Training.TrainerCheckpoint(0, Encoding.UTF8.GetBytes("full@0"), [1], [], []).ToBytes());
                throw new InvalidOperationException("preempted in epoch 2");
            }

            if (run.Phase == "kernel" && attempt == 1)
            {
                throw new InvalidOperationException("failed before its first checkpoint");
            }

            return Fake(run, parent, teacher, ancestor, recorder, progress, token);
        }

        var asked = new List<Core.Spec.DeviceKind>();
        Execute(plan, FailingFirst, hardware: device => { asked.Add(device); return nodeA; });
        Assert.Equal([Core.Spec.DeviceKind.Cpu], asked);
        Assert.Equal(nodeA.ToString(), _store.Find(full)!.Hardware);
        Assert.Null(_store.Find(kernel)!.Hardware);

        // full resumes on B from A's checkpoint: both shaped it. kernel fails on B before saving anything.
        Execute(plan, FailingFirst, hardware: _ => nodeB);
        Assert.Equal($"{nodeA} | {nodeB}", _store.Find(full)!.Hardware);
        Assert.Equal(HardwareMatch.Different, HardwareClass.Compare(_store.Find(full)!.Hardware, nodeB.ToString()));
        Assert.Equal(nodeB.ToString(), _store.Find(kernel)!.Hardware);

        // kernel starts over on A: only A shaped it.
        Assert.All(Execute(plan, FailingFirst, hardware: _ => nodeA).Where(r => r.Phase != "full"), r => Assert.Equal(RunOutcome.Trained, r.Outcome));
        Assert.Equal(nodeA.ToString(), _store.Find(kernel)!.Hardware);
        Assert.Equal($"{nodeA} | {nodeB}", _store.Find(full)!.Hardware);
        Assert.Contains($"\ndevice        cpu\nhardware      {nodeA}\n", RunDetails.Render(_store, kernel), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_distillation_no_teacher_model_is_loaded()
    {
        Execute(Plan(Experiment, "kd.ratio=0"));

        Assert.All(_calls, c => Assert.Null(c.Teacher));
    }

    [Fact]
    public void A_retried_run_keeps_only_the_evaluations_of_the_attempt_that_finished()
    {
        var plan = Plan();
        var attempts = 0;
        PhaseOutcome FailingOnce(PlannedRun run, byte[]? parent, byte[]? teacher, Func<PhaseRole, byte[]?> ancestor, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken token)
        {
            var outcome = Fake(run, parent, teacher, ancestor, recorder, progress, token);
            if (run.Phase == "kernel" && attempts++ == 0)
            {
                throw new InvalidOperationException("lost the GPU after evaluating");
            }

            return outcome;
        }

        Assert.Contains(Execute(plan, FailingOnce), r => r.Outcome == RunOutcome.Failed);
        var kernel = plan.Runs.Single(r => r.Phase == "kernel");
        Assert.Equal(4, _store.Evaluations(kernel.Id).Count);

        Assert.All(Execute(plan, FailingOnce).Where(r => r.Phase != "full"), r => Assert.Equal(RunOutcome.Trained, r.Outcome));
        Assert.Equal(4, _store.Evaluations(kernel.Id).Count);
    }

    [Fact]
    public void Running_only_an_early_phase_plans_just_what_it_needs()
    {
        var plan = Plan();
        var kernel = plan.Runs.Single(r => r.Phase == "kernel");

        Assert.Equal(["full", "kernel"], Execute(plan, only: [kernel.Id]).Select(r => r.Phase));
        Assert.Equal(2, _store.All().Count);

        Execute(plan);
        Assert.Equal(3, _store.All().Count);
        Assert.Equal(["full", "kernel", "depth"], _calls.Select(c => c.Phase));
    }

    [Fact]
    public void A_teacher_without_its_model_fails_the_run_with_a_clear_error()
    {
        var plan = Plan();
        var kernel = plan.Runs.Single(r => r.Phase == "kernel");
        Execute(plan, only: [kernel.Id]);
        using (var raw = new SqliteConnection($"Data Source={_box.Db};Pooling=False"))
        {
            raw.Open();
            using var delete = raw.CreateCommand();
            delete.CommandText = "DELETE FROM artifacts WHERE run_id = $id AND kind = 'model'";
            delete.Parameters.AddWithValue("$id", plan.Runs[0].Id);
            Assert.Equal(1, delete.ExecuteNonQuery());
        }

        var depth = Execute(plan).Single(r => r.Phase == "depth");

        Assert.Equal(RunOutcome.Failed, depth.Outcome);
        Assert.Contains($"Teacher run {plan.Runs[0].Id[..12]} has no model artifact", depth.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_calls, c => c.Phase == "depth");
    }

    [Fact]
    public void A_damaged_teacher_model_is_refused()
    {
        var plan = Plan();
        var kernel = plan.Runs.Single(r => r.Phase == "kernel");
        Execute(plan, only: [kernel.Id]);
        var model = _store.Artifacts(plan.Runs[0].Id).Single(a => a.Kind == "model");
        File.WriteAllText(_artifacts.PathOf(model.Sha256), "not the teacher");

        var depth = Execute(plan).Single(r => r.Phase == "depth");

        Assert.Equal(RunOutcome.Failed, depth.Outcome);
        Assert.Contains("is corrupt", depth.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_calls, c => c.Phase == "depth");
    }

    [Fact]
    public void A_teacher_is_its_runs_best_checkpoint_not_its_last_epoch()
    {
        // The full run peaks at epoch 1 of 3: its distilling children get that checkpoint's model, for both selections.
        PhaseOutcome Peaking(PlannedRun run, byte[]? parent, byte[]? teacher, Func<PhaseRole, byte[]?> ancestor, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken token)
        {
            if (run.Phase != "full")
            {
                return Fake(run, parent, teacher, ancestor, recorder, progress, token);
            }

            _calls.Add((run.Phase, parent, teacher));
            double[] top1 = [60, 80, 70];
            for (var epoch = 0; epoch < top1.Length; epoch++)
            {
                recorder.RecordMetrics([new MetricPoint(epoch, -1, "val_top1", top1[epoch])]);
                recorder.SaveCheckpoint(epoch, new Nn.Training.TrainerCheckpoint(epoch, Encoding.UTF8.GetBytes($"full@{epoch}"), [1], [], []).ToBytes());
            }

            return new PhaseOutcome(Encoding.UTF8.GetBytes("full@2"), []);
        }

        foreach (var selection in new[] { "fixed", "extracted" })
        {
            _calls.Clear();
            Execute(Plan(Experiment, $"teacher.selection={selection}", "seed=" + (selection == "fixed" ? 0 : 1)), Peaking);
            var kernel = _calls.Single(c => c.Phase == "kernel");
            Assert.Equal("full@2", Encoding.UTF8.GetString(kernel.Parent!));
            Assert.Equal("full@1", Encoding.UTF8.GetString(kernel.Teacher!));
        }
    }
}
