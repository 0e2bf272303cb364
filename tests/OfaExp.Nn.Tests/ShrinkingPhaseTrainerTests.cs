using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Training;

namespace OfaExp.Nn.Tests;

/// <summary>The kernel/depth/expand phases on a tiny elastic supernet, starting from a trained full phase.</summary>
public class ShrinkingPhaseTrainerTests
{
    private static readonly Lazy<byte[]> FullModel = new(() =>
    {
        var spec = Spec(kdRatio: 1.0);
        return PhaseTrainers.For(PhaseKind.Full).Run(new PhaseContext(spec, spec.Phases["full"], new InMemoryRecorder()), CancellationToken.None).ModelBytes;
    });

    private static ExperimentSpec Spec(double kdRatio, bool sortChannels = false, int subnetsPerStep = 2, MemoryFormat format = MemoryFormat.Contiguous)
    {
        var supernet = Presets.TinyElastic;
        var all = ElasticChoices.Of(supernet);
        var full = Presets.FullPhase with { WarmupEpochs = 0, Choices = new ElasticChoices([7], [6], [4], [28], [1], [5]) };
        var depth = Presets.FullPhase with
        {
            Name = "depth2",
            Kind = PhaseKind.Depth,
            Epochs = 2,
            WarmupEpochs = 0,
            Lr = 0.03,
            Choices = all with { ExpandRatios = [6] },
            SubnetsPerStep = subnetsPerStep,
            SortChannels = sortChannels,
        };
        var spec = Presets.Experiment(supernet: supernet, phase: full);
        return spec with
        {
            Device = DeviceSpec.Cpu with { MemoryFormat = format },
            Pipeline = ["full", "depth2"],
            Phases = new Dictionary<string, PhaseSpec> { ["full"] = full, ["depth2"] = depth },
            Kd = new KdSpec(kdRatio, KdLoss.Logits),
            Eval = new EvalSpec(
                64, 32, UniformSubnet.Names.Select(n => UniformSubnet.Resolve(n, all)).ToArray(), [24, 28]) { TestSubset = 100 },
        };
    }

    private static PhaseContext Context(ExperimentSpec spec, IRunRecorder recorder) =>
        new(spec, spec.Phases["depth2"], recorder, ParentModel: FullModel.Value, TeacherModel: spec.Kd.Enabled ? FullModel.Value : null);

    [Fact]
    public void Records_epoch_metrics_checkpoints_and_the_evaluated_subnet_grid_once()
    {
        var recorder = new InMemoryRecorder();
        var context = Context(Spec(1.0), recorder);
        var outcome = PhaseTrainers.For(PhaseKind.Depth).Run(context, CancellationToken.None);

        Assert.Equal([0, 1], recorder.Checkpoints.Select(c => c.Epoch));
        foreach (var category in Enum.GetValues<TimeCategory>().Where(c => c != TimeCategory.BatchWait))
        {
            Assert.True(context.Timings.Seconds(category) > 0, $"{category} was not timed");
        }

        var times = context.Timings.Times();
        Assert.Equal([.. TimeCategoryNames.Spelling.All, PhaseTimes.Other], times.Parts.Select(p => p.Name));
        Assert.Equal(times.TotalSeconds, times.Parts.Sum(p => p.Seconds), 6);
        Assert.Contains(times.Overlapped, p => p.Name == PhaseTimes.BatchFill && p.Seconds > 0);
        Assert.Equal(["train_loss", "val_loss", "val_top1", "val_top5", "lr"], recorder.MetricCalls[1].Where(m => m.Step == -1).Select(m => m.Name));
        Assert.All(recorder.Metrics, m => Assert.True(double.IsFinite(m.Value)));
        Assert.Subset(Core.Spec.PhaseMetrics.Of(PhaseKind.Depth).ToHashSet(), recorder.Metrics.Select(m => m.Name).ToHashSet());

        // 3 named subnets x 2 resolutions, min < mid < max in FLOPs and parameters at each resolution.
        Assert.Equal(6, recorder.Evaluations.Count);
        Assert.Equal(["min", "min", "mid", "mid", "max", "max"], recorder.Evaluations.Select(e => e.Name));
        Assert.Equal([24, 28, 24, 28, 24, 28], recorder.Evaluations.Select(e => e.Resolution));
        foreach (var resolution in new[] { 24, 28 })
        {
            var byName = recorder.Evaluations.Where(e => e.Resolution == resolution).ToDictionary(e => e.Name);
            Assert.True(byName["min"].Flops < byName["mid"].Flops && byName["mid"].Flops < byName["max"].Flops);
            Assert.True(byName["min"].Params < byName["mid"].Params && byName["mid"].Params < byName["max"].Params);
        }

        Assert.All(recorder.Evaluations, e =>
        {
            Assert.InRange(e.Top1, 0, 100);
            Assert.InRange(e.Top5, e.Top1, 100);
            Assert.Equal(e.Resolution, SubnetConfig.Parse(e.Architecture).Resolution);
        });
        Assert.Equal(
            SubnetConfig.Parse(recorder.Evaluations[^1].Architecture),
            new SubnetSpace(Presets.TinyElastic).Max);
        Assert.NotEqual(FullModel.Value, outcome.ModelBytes);
    }

    [Theory]
    [InlineData(MemoryFormat.Contiguous)]
    [InlineData(MemoryFormat.ChannelsLast)]
    public void Two_fresh_runs_end_bit_identical_and_resume_after_a_checkpoint_to_the_same_result(MemoryFormat format)
    {
        var spec = Spec(1.0, format: format);
        var first = new InMemoryRecorder();
        var a = PhaseTrainers.For(PhaseKind.Depth).Run(Context(spec, first), CancellationToken.None);
        var second = new InMemoryRecorder();
        var b = PhaseTrainers.For(PhaseKind.Depth).Run(Context(spec, second), CancellationToken.None);
        Assert.Equal(a.ModelBytes, b.ModelBytes);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.Equal(first.Evaluations, second.Evaluations);

        using var cancel = new CancellationTokenSource();
        var interrupted = new InMemoryRecorder { AfterCheckpoint = _ => cancel.Cancel() };
        Assert.ThrowsAny<OperationCanceledException>(() => PhaseTrainers.For(PhaseKind.Depth).Run(Context(spec, interrupted), cancel.Token));
        Assert.Single(interrupted.Checkpoints);
        Assert.Empty(interrupted.Evaluations);
        interrupted.AfterCheckpoint = null;
        var resumed = PhaseTrainers.For(PhaseKind.Depth).Run(Context(spec, interrupted), CancellationToken.None);

        Assert.Equal(a.ModelBytes, resumed.ModelBytes);
        Assert.Equal(first.Metrics, interrupted.Metrics);
        Assert.Equal(first.Evaluations, interrupted.Evaluations);
    }

    [Fact]
    public void A_run_stopped_mid_epoch_or_before_its_grid_resumes_to_the_same_result()
    {
        var spec = Spec(1.0);
        var first = new InMemoryRecorder();
        var a = PhaseTrainers.For(PhaseKind.Depth).Run(Context(spec, first), CancellationToken.None);
        var recorder = new InMemoryRecorder();
        PhaseOutcome Attempt(CancellationTokenSource cancel, Func<TrainProgress, bool> stopAt) =>
            PhaseTrainers.For(PhaseKind.Depth).Run(Context(spec, recorder) with { Progress = new CancellingProgress(cancel, stopAt) }, cancel.Token);
        void Stopped(Func<TrainProgress, bool> stopAt)
        {
            using var cancel = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() => Attempt(cancel, stopAt));
        }

        // Two attempts stopped after their first step (the subnets sampled so far decide which parameters are
        // stepped), then one stopped at the last epoch's end, before the subnet grid is evaluated.
        Stopped(_ => true);
        Stopped(_ => true);
        Stopped(p => p.Stage == "eval" && p.Epoch == p.Epochs);
        Assert.Empty(recorder.Evaluations);
        using var none = new CancellationTokenSource();
        var resumed = Attempt(none, _ => false);

        Assert.Equal([(0, true), (0, true), (0, false), (1, false)], recorder.Checkpoints.Select(c => (c.Epoch, c.MidEpoch)));
        Assert.Equal(first.Checkpoints.Select(c => c.Bytes), recorder.Checkpoints.Where(c => !c.MidEpoch).Select(c => c.Bytes));
        Assert.Equal(a.ModelBytes, resumed.ModelBytes);
        Assert.Equal(first.Metrics, recorder.Metrics);
        Assert.Equal(first.Evaluations, recorder.Evaluations);
    }

    [Fact]
    public void Distillation_and_channel_sorting_change_the_result()
    {
        var withKd = PhaseTrainers.For(PhaseKind.Depth).Run(Context(Spec(1.0, subnetsPerStep: 1), new InMemoryRecorder()), CancellationToken.None);
        var withoutKd = PhaseTrainers.For(PhaseKind.Depth).Run(Context(Spec(0.0, subnetsPerStep: 1), new InMemoryRecorder()), CancellationToken.None);
        var sorted = PhaseTrainers.For(PhaseKind.Depth).Run(Context(Spec(1.0, sortChannels: true, subnetsPerStep: 1), new InMemoryRecorder()), CancellationToken.None);

        var klSpec = Spec(1.0, subnetsPerStep: 1) with { Kd = new KdSpec(1.0, KdLoss.Kl, 4.0) };
        var withKl = PhaseTrainers.For(PhaseKind.Depth).Run(Context(klSpec, new InMemoryRecorder()), CancellationToken.None);

        Assert.NotEqual(withKd.ModelBytes, withoutKd.ModelBytes);
        Assert.NotEqual(withKd.ModelBytes, withKl.ModelBytes);
        Assert.NotEqual(withKd.ModelBytes, sorted.ModelBytes);
    }

    [Fact]
    public void Teacher_selection_only_picks_the_teacher_run_both_use_its_weights_alike()
    {
        // depth2 after a kernel phase: with teacher.selection extracted its teacher is that kernel run's supernet,
        // with fixed the full run. Either teacher runs with BN on each batch's statistics (training mode), so neither
        // is recalibrated: given the same teacher weights, both selections train exactly the same student.
        static ExperimentSpec AfterKernel(TeacherSelection selection)
        {
            var spec = Spec(1.0, subnetsPerStep: 1);
            var kernel = spec.Phases["depth2"] with { Name = "kernel", Kind = PhaseKind.Kernel };
            return spec with
            {
                Pipeline = ["full", "kernel", "depth2"],
                Phases = new Dictionary<string, PhaseSpec> { ["full"] = spec.Phases["full"], ["kernel"] = kernel, ["depth2"] = spec.Phases["depth2"] },
                Teacher = new TeacherSpec(selection),
            };
        }

        var extracted = PhaseTrainers.For(PhaseKind.Depth).Run(Context(AfterKernel(TeacherSelection.Extracted), new InMemoryRecorder()), CancellationToken.None);
        var asIs = PhaseTrainers.For(PhaseKind.Depth).Run(Context(AfterKernel(TeacherSelection.Fixed), new InMemoryRecorder()), CancellationToken.None);

        Assert.Equal(extracted.ModelBytes, asIs.ModelBytes);
    }

    [Fact]
    public void A_shrinking_phase_without_a_parent_is_refused()
    {
        var spec = Spec(0.0);
        var context = new PhaseContext(spec, spec.Phases["depth2"], new InMemoryRecorder());

        var e = Assert.Throws<OfaExpException>(() => PhaseTrainers.For(PhaseKind.Depth).Run(context, CancellationToken.None));
        Assert.Contains("no parent phase", e.Message, StringComparison.Ordinal);
    }
}
