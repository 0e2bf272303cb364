using OfaExp.Core.Spec;

namespace OfaExp.Nn.Tests;

/// <summary>Small but complete configurations that keep the suite fast on a 2-core CPU.</summary>
internal static class Presets
{
    public const string DataRoot = "/usr/share/datasets/fashion-mnist";

    public static SupernetSpec TinySupernet { get; } = new(
        Kind: "ofa_mbv3",
        WidthMult: 0.35,
        StemStride: 2,
        StageStrides: [2, 2, 2, 1, 2],
        KernelSizes: [3],
        ExpandRatios: [3],
        Depths: [1, 2],
        Resolutions: [28],
        Dropout: 0.1,
        BnMomentum: 0.1,
        BnEps: 1e-5);

    /// <summary>Every elastic dimension open, at width 0.25: 20 elastic blocks that still run in milliseconds at 28x28.</summary>
    public static SupernetSpec TinyElastic { get; } = new(
        "ofa_mbv3", 0.25, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [24, 28], 0.1, 0.1, 1e-5);

    public static SupernetSpec PaperShapedSupernet { get; } = new(
        "ofa_mbv3", 1.0, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [28], 0.1, 0.1, 1e-5);

    public static PhaseSpec FullPhase { get; } = new(
        Name: "full",
        Kind: PhaseKind.Full,
        Epochs: 1,
        WarmupEpochs: 1,
        WarmupLr: 0.01,
        BatchSize: 64,
        BaseBatchSize: 64,
        Lr: 0.1,
        Momentum: 0.9,
        Nesterov: true,
        WeightDecay: 3e-5,
        LabelSmoothing: 0.1,
        EvalBatchSize: 50,
        Choices: new ElasticChoices([3], [3], [2], [28], [1], [5]),
        SubnetsPerStep: 1,
        SortChannels: false);

    public static ExperimentSpec Experiment(int seed = 1, SupernetSpec? supernet = null, PhaseSpec? phase = null)
    {
        var full = phase ?? FullPhase;
        return new ExperimentSpec(
            Name: "tests/tiny",
            Directory: "/tmp/ofaexp-tests",
            Seed: seed,
            Device: DeviceSpec.Cpu,
            Data: new DataSpec("fashion-mnist", DataRoot, TrainSubset: 320, ValFraction: 0.2, SplitSeed: 0, new AugmentSpec(2, true)),
            Supernet: supernet ?? TinySupernet,
            Pipeline: ["full"],
            Phases: new Dictionary<string, PhaseSpec> { ["full"] = full },
            Tables: [],
            Kd: new KdSpec(1.0, KdLoss.Logits),
            Teacher: new TeacherSpec(TeacherSelection.Fixed),
            Eval: new EvalSpec(64, 32, [UniformSubnet.Resolve(UniformSubnet.Max, ElasticChoices.Of(supernet ?? TinySupernet))], [28]) { TestSubset = 100 });
    }
}
