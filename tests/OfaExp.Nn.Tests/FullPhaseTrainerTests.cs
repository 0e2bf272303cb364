using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Spec;
using OfaExp.Nn.Training;

namespace OfaExp.Nn.Tests;

public class FullPhaseTrainerTests
{
    private static (PhaseOutcome Outcome, InMemoryRecorder Recorder) Train(int seed = 1, InMemoryRecorder? recorder = null, MemoryFormat format = MemoryFormat.Contiguous)
    {
        recorder ??= new InMemoryRecorder();
        var spec = Presets.Experiment(seed) with { Device = DeviceSpec.Cpu with { MemoryFormat = format } };
        var outcome = PhaseTrainers.For(PhaseKind.Full).Run(new PhaseContext(spec, spec.Phases["full"], recorder), CancellationToken.None);
        return (outcome, recorder);
    }

    [Fact]
    public void Records_one_metrics_call_and_one_checkpoint_per_epoch()
    {
        var (outcome, recorder) = Train();

        // 320 images, 20% held out -> 256 training images -> 4 steps of 64; 1 warm-up + 1 cosine epoch.
        Assert.Equal(2, recorder.MetricCalls.Count);
        Assert.Equal([0, 1], recorder.Checkpoints.Select(c => c.Epoch));
        var epoch1 = recorder.MetricCalls[1];
        Assert.Equal([4, 5, 6, 7], epoch1.Where(m => m.Name == "loss").Select(m => m.Step));
        Assert.Equal(["train_loss", "train_top1", "val_loss", "val_top1", "val_top5", "lr"], epoch1.Where(m => m.Step == -1).Select(m => m.Name));
        Assert.All(epoch1.Where(m => m.Name is "train_top1" or "val_top1" or "val_top5"), m => Assert.InRange(m.Value, 0, 100));
        Assert.All(recorder.Metrics, m => Assert.True(double.IsFinite(m.Value)));
        Assert.Equal(recorder.MetricCalls[1].Where(m => m.Step == -1), outcome.Summary);
        Assert.True(recorder.Heartbeats >= 2);
    }

    [Fact]
    public void Warm_up_reaches_the_peak_lr_and_cosine_ends_near_zero()
    {
        var (_, recorder) = Train();
        var lr = recorder.Metrics.Where(m => m.Name == "lr").Select(m => m.Value).ToArray();

        Assert.Equal(0.1, lr[0], 12);
        Assert.Equal(0.5 * 0.1 * (1 + Math.Cos(Math.PI * 3 / 4)), lr[1], 12);
    }

    [Fact]
    public void Two_fresh_runs_end_bit_identical()
    {
        var (a, ra) = Train();
        var (b, rb) = Train();

        Assert.Equal(a.ModelBytes, b.ModelBytes);
        Assert.Equal(ra.Metrics, rb.Metrics);
        Assert.Equal(ra.Checkpoints.Select(c => c.Bytes), rb.Checkpoints.Select(c => c.Bytes));
    }

    [Fact]
    public void Another_seed_gives_another_model()
    {
        var (a, _) = Train(seed: 1);
        var (b, _) = Train(seed: 2);

        Assert.NotEqual(a.ModelBytes, b.ModelBytes);
    }

    [Fact]
    public void A_run_interrupted_after_its_first_checkpoint_resumes_to_the_same_result()
    {
        var (uninterrupted, full) = Train();

        using var cancel = new CancellationTokenSource();
        var recorder = new InMemoryRecorder { AfterCheckpoint = _ => cancel.Cancel() };
        var spec = Presets.Experiment();
        var context = new PhaseContext(spec, spec.Phases["full"], recorder);
        Assert.ThrowsAny<OperationCanceledException>(() => new FullPhaseTrainer().Run(context, cancel.Token));
        Assert.Single(recorder.Checkpoints);

        recorder.AfterCheckpoint = null;
        var resumed = new FullPhaseTrainer().Run(context, CancellationToken.None);

        Assert.Equal(uninterrupted.ModelBytes, resumed.ModelBytes);
        Assert.Equal(full.Metrics, recorder.Metrics);
        Assert.Equal(uninterrupted.Summary, resumed.Summary);
    }

    [Fact]
    public void A_run_stopped_between_steps_saves_a_mid_epoch_checkpoint_and_resumes_to_the_same_result()
    {
        var (uninterrupted, full) = Train();
        var spec = Presets.Experiment();
        var recorder = new InMemoryRecorder();
        PhaseOutcome Attempt(CancellationTokenSource cancel, Func<TrainProgress, bool> stopAt) =>
            new FullPhaseTrainer().Run(new PhaseContext(spec, spec.Phases["full"], recorder, new CancellingProgress(cancel, stopAt)), cancel.Token);
        void Stopped(Func<TrainProgress, bool> stopAt, bool afterCheckpoint = false)
        {
            using var cancel = new CancellationTokenSource();
            recorder.AfterCheckpoint = afterCheckpoint ? _ => cancel.Cancel() : null;
            Assert.ThrowsAny<OperationCanceledException>(() => Attempt(cancel, stopAt));
            recorder.AfterCheckpoint = null;
        }

        // Each attempt's first report follows its first step: stopped there, it keeps exactly one more step.
        Stopped(_ => true);
        Stopped(_ => true);
        Stopped(_ => false, afterCheckpoint: true); // at an epoch's end: nothing to add to that checkpoint
        Stopped(_ => true);
        using var none = new CancellationTokenSource();
        var resumed = Attempt(none, _ => false);

        Assert.Equal([(0, true), (0, true), (0, false), (1, true), (1, false)], recorder.Checkpoints.Select(c => (c.Epoch, c.MidEpoch)));
        Assert.Equal([1, 2, 1], recorder.Checkpoints.Where(c => c.MidEpoch).Select(c => TrainerCheckpoint.Parse(c.Bytes).Partial!.Steps));
        Assert.Equal(full.Checkpoints.Select(c => c.Bytes), recorder.Checkpoints.Where(c => !c.MidEpoch).Select(c => c.Bytes));
        Assert.Equal(uninterrupted.ModelBytes, resumed.ModelBytes);
        Assert.Equal(full.Metrics, recorder.Metrics);
        Assert.Equal(uninterrupted.Summary, resumed.Summary);
    }

    /// <summary>
    /// Channels-last steps hand back gradients, and so momentum buffers, with channels-last strides: the checkpoint
    /// must still store them by value, or a resumed run would step from scrambled buffers.
    /// </summary>
    [Fact]
    public void A_channels_last_run_is_reproducible_and_resumes_to_the_same_result()
    {
        var (a, ra) = Train(format: MemoryFormat.ChannelsLast);
        var (b, rb) = Train(format: MemoryFormat.ChannelsLast);
        Assert.Equal(a.ModelBytes, b.ModelBytes);
        Assert.Equal(ra.Metrics, rb.Metrics);

        using var cancel = new CancellationTokenSource();
        var recorder = new InMemoryRecorder { AfterCheckpoint = _ => cancel.Cancel() };
        var spec = Presets.Experiment() with { Device = DeviceSpec.Cpu with { MemoryFormat = MemoryFormat.ChannelsLast } };
        var context = new PhaseContext(spec, spec.Phases["full"], recorder);
        Assert.ThrowsAny<OperationCanceledException>(() => new FullPhaseTrainer().Run(context, cancel.Token));
        recorder.AfterCheckpoint = null;
        var resumed = new FullPhaseTrainer().Run(context, CancellationToken.None);

        Assert.Equal(a.ModelBytes, resumed.ModelBytes);
        Assert.Equal(ra.Metrics, recorder.Metrics);
    }

    [Fact]
    public void A_run_whose_last_checkpoint_is_final_returns_its_outcome_without_training()
    {
        var (outcome, recorder) = Train();
        var calls = recorder.MetricCalls.Count;

        var again = Train(recorder: recorder).Outcome;

        Assert.Equal(outcome.ModelBytes, again.ModelBytes);
        Assert.Equal(outcome.Summary, again.Summary);
        Assert.Equal(calls, recorder.MetricCalls.Count);
    }

    [Fact]
    public void A_corrupt_checkpoint_names_the_run_and_suggests_deleting_its_checkpoints()
    {
        var recorder = new InMemoryRecorder("abc123def456");
        recorder.Checkpoints.Add(new RunCheckpoint(0, "OFAXCKPT and then garbage that is long enough for a hash..."u8.ToArray()));

        var e = Assert.Throws<OfaExpException>(() => Train(recorder: recorder));

        Assert.Contains("abc123def456", e.Message);
        Assert.Contains("Delete this run's checkpoints", e.Message);
        Assert.Empty(recorder.MetricCalls);
    }

    [Fact]
    public void A_checkpoint_of_another_network_is_refused_in_the_same_way()
    {
        var (_, recorder) = Train();
        var spec = Presets.Experiment() with { Supernet = Presets.TinySupernet with { Depths = [3] } };

        var e = Assert.Throws<OfaExpException>(
            () => new FullPhaseTrainer().Run(new PhaseContext(spec, spec.Phases["full"], new InMemoryRecorder { Checkpoints = { recorder.Checkpoints[^1] } }), CancellationToken.None));

        Assert.Contains("cannot be restored", e.Message);
    }

    [Fact]
    public void Progress_reports_are_one_based_and_end_each_epoch()
    {
        var reports = new List<TrainProgress>();
        var spec = Presets.Experiment();
        new FullPhaseTrainer().Run(new PhaseContext(spec, spec.Phases["full"], new InMemoryRecorder(), new Collect(reports)), CancellationToken.None);

        var ends = reports.Where(r => r.Stage == "eval").ToList();
        Assert.Equal([1, 2], ends.Select(r => r.Epoch));
        Assert.All(ends, r => Assert.Equal((4, 4, 2), (r.Step, r.StepsPerEpoch, r.Epochs)));
        Assert.All(reports, r => Assert.True(r.ImagesPerSecond > 0));
    }

    [Fact]
    public void A_full_phase_with_several_resolutions_draws_one_per_step_deterministically()
    {
        var supernet = Presets.TinySupernet with { Resolutions = [20, 28] };
        byte[] Run(int[] resolutions)
        {
            var phase = Presets.FullPhase with { Choices = Presets.FullPhase.Choices with { Resolutions = resolutions } };
            var spec = Presets.Experiment(supernet: supernet, phase: phase);
            return new FullPhaseTrainer().Run(new PhaseContext(spec, phase, new InMemoryRecorder()), CancellationToken.None).ModelBytes;
        }

        var elastic = Run([20, 28]);
        Assert.Equal(elastic, Run([20, 28]));
        Assert.NotEqual(elastic, Run([28]));
    }

    [Fact]
    public void Every_phase_kind_has_a_trainer() =>
        Assert.All(Enum.GetValues<PhaseKind>(), kind => Assert.Equal(kind, PhaseTrainers.For(kind).Kind));

    private sealed class Collect(List<TrainProgress> into) : IProgress<TrainProgress>
    {
        public void Report(TrainProgress value) => into.Add(value);
    }
}
