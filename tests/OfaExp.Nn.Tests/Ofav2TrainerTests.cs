using OfaExp.Core.Execution;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>OFAv2's training on tiny early-exit and parallel-block supernets: the all-exits full phase, Height and Level, and the KD variants.</summary>
public class Ofav2TrainerTests
{
    private static readonly SupernetSpec EeD = Presets.TinyElastic with { Exits = SupernetExits.Early, Blocks = SupernetBlocks.Dense };

    private static readonly SupernetSpec SeP = Presets.TinyElastic with { Blocks = SupernetBlocks.Parallel };

    private static readonly Lazy<(byte[] Model, InMemoryRecorder Recorder)> EeFull = new(() => Full(EeD));

    private static readonly Lazy<(byte[] Model, InMemoryRecorder Recorder)> SePFull = new(() => Full(SeP));

    private static (byte[] Model, InMemoryRecorder Recorder) Full(SupernetSpec supernet)
    {
        var spec = Spec(supernet, PhaseKind.Full, KdLoss.None);
        var recorder = new InMemoryRecorder();
        var outcome = PhaseTrainers.For(PhaseKind.Full).Run(new PhaseContext(spec, spec.Phases["full"], recorder), CancellationToken.None);
        return (outcome.ModelBytes, recorder);
    }

    private static ExperimentSpec Spec(SupernetSpec supernet, PhaseKind kind, KdLoss kdLoss)
    {
        var name = PhaseKindNames.Spelling.Name(kind);
        var all = ElasticChoices.Of(supernet);
        var max = new ElasticChoices([7], [6], [4], [28], [all.Levels[^1]], [all.Exits[^1]]);
        var full = Presets.FullPhase with { WarmupEpochs = 0, Choices = max };
        var shrink = Presets.FullPhase with
        {
            Name = name,
            Kind = kind,
            WarmupEpochs = 0,
            Lr = 0.03,
            Choices = kind == PhaseKind.Level ? max with { KernelSizes = all.KernelSizes, Levels = all.Levels } : max with { KernelSizes = all.KernelSizes, Exits = all.Exits },
            SubnetsPerStep = 2,
        };
        var spec = Presets.Experiment(supernet: supernet, phase: full);
        return spec with
        {
            Pipeline = kind == PhaseKind.Full ? ["full"] : ["full", name],
            Phases = new Dictionary<string, PhaseSpec> { ["full"] = full, [name] = shrink },
            Kd = new KdSpec(1.0, kdLoss),
            Eval = new EvalSpec(64, 32, UniformSubnet.Names.Select(n => UniformSubnet.Resolve(n, all)).ToArray(), [24, 28]) { TestSubset = 100 },
        };
    }

    private static PhaseOutcome Shrink(SupernetSpec supernet, PhaseKind kind, KdLoss kdLoss, InMemoryRecorder recorder, byte[] parent)
    {
        var spec = Spec(supernet, kind, kdLoss);
        var context = new PhaseContext(spec, spec.Phases[PhaseKindNames.Spelling.Name(kind)], recorder, ParentModel: parent, TeacherModel: spec.Kd.Enabled ? parent : null);
        return PhaseTrainers.For(kind).Run(context, CancellationToken.None);
    }

    [Fact]
    public void The_early_exit_full_phase_trains_every_exit_and_evaluates_each()
    {
        var (model, recorder) = EeFull.Value;
        Assert.Equal(["exit1", "exit2", "exit3", "exit4", "exit5"], recorder.Evaluations.Select(e => e.Name));
        Assert.Equal([1, 2, 3, 4, 5], recorder.Evaluations.Select(e => SubnetConfig.Parse(e.Architecture).Exit));

        // Earlier exits run fewer stages; every exit is a trained classifier, not a random one (10 classes: 10%).
        Assert.True(recorder.Evaluations.Zip(recorder.Evaluations.Skip(1)).All(p => p.First.Flops < p.Second.Flops));
        Assert.All(recorder.Metrics, m => Assert.True(double.IsFinite(m.Value)));
        Assert.Equal(model, Full(EeD).Model);
    }

    [Fact]
    public void Height_samples_exits_and_each_kd_variant_trains_differently()
    {
        var parent = EeFull.Value.Model;
        var recorder = new InMemoryRecorder();
        var ens = Shrink(EeD, PhaseKind.Height, KdLoss.Ensemble, recorder, parent);

        // Grid (3 subnets x 2 resolutions), then each exit of the maximal subnet at the largest resolution.
        Assert.Equal(["min", "min", "mid", "mid", "max", "max", "exit1", "exit2", "exit3", "exit4", "exit5"], recorder.Evaluations.Select(e => e.Name));
        Assert.Equal(1, SubnetConfig.Parse(recorder.Evaluations[0].Architecture).Exit);

        var logits = Shrink(EeD, PhaseKind.Height, KdLoss.Logits, new InMemoryRecorder(), parent);
        var exit = Shrink(EeD, PhaseKind.Height, KdLoss.Exit, new InMemoryRecorder(), parent);
        var none = Shrink(EeD, PhaseKind.Height, KdLoss.None, new InMemoryRecorder(), parent);
        var ensAgain = Shrink(EeD, PhaseKind.Height, KdLoss.Ensemble, new InMemoryRecorder(), parent);
        Assert.Equal(ens.ModelBytes, ensAgain.ModelBytes);
        Assert.Equal(4, new[] { ens.ModelBytes, logits.ModelBytes, exit.ModelBytes, none.ModelBytes }.Select(Convert.ToHexString).Distinct().Count());
    }

    [Fact]
    public void Level_trains_branch_patterns_of_a_parallel_block_supernet()
    {
        var recorder = new InMemoryRecorder();
        var outcome = Shrink(SeP, PhaseKind.Level, KdLoss.Logits, recorder, SePFull.Value.Model);
        Assert.NotEqual(SePFull.Value.Model, outcome.ModelBytes);

        // min runs one branch (the MBConv), mid two, max all three: each a distinct, costlier network.
        var byName = recorder.Evaluations.Where(e => e.Resolution == 28).ToDictionary(e => e.Name);
        Assert.Equal([1, 3, 7], new[] { "min", "mid", "max" }.Select(n => SubnetConfig.Parse(byName[n].Architecture).Branches[0]));
        Assert.DoesNotContain(recorder.Evaluations, e => e.Name.StartsWith("exit", StringComparison.Ordinal));
    }

    [Fact]
    public void Kd_targets_match_their_definitions()
    {
        using var scope = NewDisposeScope();
        var student = tensor(new float[] { 0.5f, -1f, 2f, 0f, 1f, 1f }, [2, 3]);
        var teacher = Enumerable.Range(0, 5).Select(i => tensor(new float[] { i, 1 - i, 0.5f * i, 2f, -i, 1f }, [2, 3])).ToArray();
        var weights = ExitWeights.Values;

        Tensor Ce(Tensor target) => (-(target * nn.functional.log_softmax(student, 1)).sum(1)).mean();
        var ensemble = teacher.Select((t, i) => t * weights[i]).Aggregate((a, b) => a + b);

        Assert.Equal(Ce(nn.functional.softmax(teacher[4], 1)).item<float>(), ShrinkingPhaseTrainer.Distillation(new KdSpec(1, KdLoss.Logits), student, teacher, 2).item<float>(), 6);
        Assert.Equal(Ce(nn.functional.softmax(ensemble, 1)).item<float>(), ShrinkingPhaseTrainer.Distillation(new KdSpec(1, KdLoss.Ensemble), student, teacher, 2).item<float>(), 6);
        Assert.Equal(Ce(nn.functional.softmax(teacher[1], 1)).item<float>(), ShrinkingPhaseTrainer.Distillation(new KdSpec(1, KdLoss.Exit), student, teacher, 2).item<float>(), 6);
        Assert.NotEqual(
            ShrinkingPhaseTrainer.Distillation(new KdSpec(1, KdLoss.Exit), student, teacher, 2).item<float>(),
            ShrinkingPhaseTrainer.Distillation(new KdSpec(1, KdLoss.Exit), student, teacher, 3).item<float>());
        Assert.Equal(1.0, weights.Sum(), 12);
    }
}
