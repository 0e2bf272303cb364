using OfaExp.Core.Spec;

namespace OfaExp.Core.Config.Schema;

/// <summary>
/// Every key an experiment file may set, with its type, default and range. Defaults are OFA's ImageNet values
/// (Cai et al. 2020) where the paper gives one; small CPU presets override them in experiments/.
/// </summary>
public static class ExperimentSchema
{
    /// <summary>Top-level keys handled outside the leaf schema.</summary>
    public static IReadOnlyList<string> SectionKeys { get; } = ["sweep", "tables", "figures"];

    /// <summary>
    /// Top-level keys consumed while the layers are merged (ExperimentComposer), before validation sees the
    /// config; listed so that a misspelling of one gets a did-you-mean.
    /// </summary>
    public static IReadOnlyList<string> CompositionKeys { get; } = ["extends", PhaseDefaults.Key];

    public static IReadOnlyList<SchemaLeaf> Leaves { get; } =
    [
        new("description", LeafKind.String, "", "free text shown by plan", InIdentity: false, Sweepable: false),
        new("seed", LeafKind.Int, 0, "root seed of every random choice of a run", Checks.IntRange(0, int.MaxValue)),
        SchemaLeaf.Choice("device.kind", DeviceKindNames.Spelling, DeviceKind.Cpu, "cpu or cuda"),
        new("device.threads", LeafKind.Int, 2, "intra-op threads (part of identity: reductions may round differently)", Checks.IntRange(1, 256)),
        SchemaLeaf.Choice("device.dtype", DTypeNames.Spelling, DType.Float32, "float32, or float64 for numbers that do not depend on the CPU's kernels (several times slower)", DefaultInIdentity: false),
        SchemaLeaf.Choice("device.memory_format", MemoryFormatNames.Spelling, MemoryFormat.Contiguous, "layout of image batches and activations: contiguous (NCHW), or channels_last (NHWC: oneDNN's direct convolution kernels, 1.3-1.7x faster training steps on the CPU; other kernels, so other float32 results and other run ids)", DefaultInIdentity: false),

        new("data.dataset", LeafKind.String, "fashion-mnist", "dataset name", Checks.OneOf(DatasetInfo.All.Select(d => d.Name).ToArray())),
        new("data.root", LeafKind.String, "", "dataset directory; empty = the dataset's standard location", InIdentity: false),
        new("data.decode_threads", LeafKind.Int, 0, "threads decoding a streamed data set's batches (image_folder, imagenet); 0 = the cores device.threads leaves free, at least 1; results do not depend on it", Checks.IntRange(0, 256), InIdentity: false),
        new("data.train_subset", LeafKind.Int, 0, "images drawn from the train split (0 = all)", Checks.IntRange(0, int.MaxValue)),
        new("data.val_fraction", LeafKind.Double, 0.15, "fraction of the drawn images held out for validation", Checks.DoubleRange(0, 0.5, minExclusive: true)),
        new("data.split_seed", LeafKind.Int, 0, "seed of the subset draw and the train/validation split", Checks.IntRange(0, int.MaxValue)),
        new("data.augment.random_crop_padding", LeafKind.Int, 0, "zero padding before a random crop back to size (0 = off)", Checks.IntRange(0, 32)),
        new("data.augment.random_resized_crop", LeafKind.Double, 0.0, "random-resized crop: the smallest fraction of the image area a crop keeps (aspect ratio 3/4..4/3), resized back to size; 0 = off (OFA: 0.08, OFAv2: 0.85)", Checks.DoubleRange(0, 1)),
        new("data.augment.horizontal_flip", LeafKind.Bool, false, "random horizontal flips"),
        SchemaLeaf.Choice("data.augment.color_jitter", ColorJitterNames.Spelling, ColorJitter.None, "colour jitter of training images, image folders only: none, or tf (OFA's default: brightness +-32/255, saturation 0.5..1.5)", DefaultInIdentity: false),

        new("supernet.kind", LeafKind.String, "ofa-mbv3", "supernet family", Checks.OneOf("ofa-mbv3")),
        new("supernet.width_mult", LeafKind.Double, 1.0, "fixed width multiplier (OFA: 1.0 or 1.2)", Checks.DoubleRange(0, 4, minExclusive: true)),
        new("supernet.stem_stride", LeafKind.Int, 2, "stride of the 3x3 stem conv (1 for small inputs)", Checks.IntRange(1, 2)),
        new("supernet.stage_strides", LeafKind.IntList, new[] { 2, 2, 2, 1, 2 }, "strides of the 5 elastic stages", Checks.EachOf(5, 1, 2)),
        new("supernet.kernel_sizes", LeafKind.IntList, new[] { 3, 5, 7 }, "elastic depthwise kernel sizes", Checks.AscendingSubsetOf("kernel size", 3, 5, 7)),
        new("supernet.expand_ratios", LeafKind.IntList, new[] { 3, 4, 6 }, "elastic expand ratios", Checks.AscendingSubsetOf("expand ratio", 3, 4, 6)),
        new("supernet.depths", LeafKind.IntList, new[] { 2, 3, 4 }, "elastic depths per stage", Checks.AscendingSubsetOf("depth", 1, 2, 3, 4)),
        new("supernet.resolutions", LeafKind.IntList, new[] { 128, 132, 136, 140, 144, 148, 152, 156, 160, 164, 168, 172, 176, 180, 184, 188, 192, 196, 200, 204, 208, 212, 216, 220, 224 }, "elastic input resolutions", Checks.AscendingInRange("resolution", 8, 512, 4)),
        SchemaLeaf.Choice("supernet.exits", SupernetNames.Exits, SupernetExits.Single, "single (SE: one classifier) or early (EE: an exit after every stage, OFAv2)"),
        SchemaLeaf.Choice("supernet.blocks", SupernetNames.Blocks, SupernetBlocks.Base, "base (B), dense (D: dense skips in stages), parallel (P: three summed branches per block) or dense_parallel (DP), OFAv2"),
        new("supernet.dropout", LeafKind.Double, 0.1, "dropout before the classifier", Checks.DoubleRange(0, 0.95)),
        new("supernet.bn_momentum", LeafKind.Double, 0.1, "batch-norm momentum", Checks.DoubleRange(0, 1, minExclusive: true)),
        new("supernet.bn_eps", LeafKind.Double, 1e-5, "batch-norm epsilon", Checks.DoubleRange(0, 1, minExclusive: true)),

        new("pipeline", LeafKind.StringList, new[] { "full" }, "ordered phase names", InIdentity: false, Sweepable: false),

        SchemaLeaf.Choice<PhaseKind>("phases.*.kind", PhaseKindNames.Spelling, null, "phase kind (defaults to the phase's name)"),
        new("phases.*.epochs", LeafKind.Int, 180, "epochs after warm-up", Checks.IntRange(1, 100_000)),
        new("phases.*.warmup_epochs", LeafKind.Int, 0, "linear warm-up epochs before the cosine schedule", Checks.IntRange(0, 1000)),
        new("phases.*.warmup_lr", LeafKind.Double, 0.0, "learning rate at the start of warm-up", Checks.DoubleRange(0, 100)),
        new("phases.*.batch_size", LeafKind.Int, 64, "images per optimizer step", Checks.IntRange(1, 65_536)),
        new("phases.*.base_batch_size", LeafKind.Int, 2048, "batch size that lr refers to (lr scales linearly)", Checks.IntRange(1, 65_536)),
        new("phases.*.lr", LeafKind.Double, 2.6, "peak learning rate at base_batch_size", Checks.DoubleRange(0, 100, minExclusive: true)),
        new("phases.*.momentum", LeafKind.Double, 0.9, "SGD momentum", Checks.DoubleRange(0, 1)),
        new("phases.*.nesterov", LeafKind.Bool, true, "Nesterov momentum"),
        new("phases.*.weight_decay", LeafKind.Double, 3e-5, "weight decay on conv/linear weights (never on BN or bias)", Checks.DoubleRange(0, 1)),
        new("phases.*.dropout", LeafKind.Double, null, "dropout before the classifiers in this phase (default supernet.dropout; OFAv2 trains its full networks with 0.2)", Checks.DoubleRange(0, 0.95)),
        new("phases.*.label_smoothing", LeafKind.Double, 0.1, "label smoothing of the cross entropy", Checks.DoubleRange(0, 0.99)),
        new("phases.*.eval_batch_size", LeafKind.Int, 256, "batch size of validation passes (does not change results)", Checks.IntRange(1, 65_536), InIdentity: false),

        // Elastic choices sampled in a phase. No static default: when absent they follow the phase kind
        // (ElasticChoices.DefaultFor), filled in per sweep point by DerivedDefaults.
        new("phases.*.kernel_sizes", LeafKind.IntList, null, "kernel sizes sampled in the phase (subset of supernet.kernel_sizes)", Checks.AscendingSubsetOf("kernel size", 3, 5, 7)),
        new("phases.*.expand_ratios", LeafKind.IntList, null, "expand ratios sampled in the phase (subset of supernet.expand_ratios)", Checks.AscendingSubsetOf("expand ratio", 3, 4, 6)),
        new("phases.*.depths", LeafKind.IntList, null, "depths sampled in the phase (subset of supernet.depths)", Checks.AscendingSubsetOf("depth", 1, 2, 3, 4)),
        new("phases.*.resolutions", LeafKind.IntList, null, "input resolutions sampled in the phase (subset of supernet.resolutions)", Checks.AscendingInRange("resolution", 8, 512, 4)),
        new("phases.*.levels", LeafKind.IntList, null, "active-branch counts sampled per block position (parallel-block supernets; subset of 1..3)", Checks.AscendingSubsetOf("level", 1, 2, 3)),
        new("phases.*.exits", LeafKind.IntList, null, "exit stages sampled (early-exit supernets; subset of 1..5)", Checks.AscendingSubsetOf("exit", 1, 2, 3, 4, 5)),
        new("phases.*.subnets_per_step", LeafKind.Int, 1, "subnets sampled and back-propagated per optimizer step (OFA's dynamic_batch_size)", Checks.IntRange(1, 64)),
        new("phases.*.sort_channels", LeafKind.Bool, false, "sort middle channels by importance before the phase (OFA: before each expand phase)"),

        new("kd.ratio", LeafKind.Double, 1.0, "weight of the distillation term in shrinking phases (0 = no distillation, no teacher)", Checks.DoubleRange(0, 100)),
        SchemaLeaf.Choice("kd.loss", KdLossNames.Spelling, KdLoss.Logits, "distillation loss: none, logits (OFA), ens (OFAv2 ENS-KD), exit (per-exit matching) or kl (Hinton)"),
        new("kd.temperature", LeafKind.Double, 1.0, "softmax temperature of the kl distillation loss", Checks.DoubleRange(0, 100, minExclusive: true)),
        SchemaLeaf.Choice("teacher.selection", TeacherSelectionNames.Spelling, TeacherSelection.Fixed, "which network distilling phases learn from"),

        new("eval.recal_images", LeafKind.Int, 2000, "training images (fixed, seeded subset) that recalibrate BN before a subnet is evaluated", Checks.IntRange(1, 10_000_000)),
        new("eval.recal_batch_size", LeafKind.Int, 200, "batch size of BN recalibration (batch statistics depend on it)", Checks.IntRange(1, 65_536)),
        new("eval.test", LeafKind.Bool, true, "also score every evaluated subnet on the data set's official test split (test_top1, test_top5: the accuracy to report; validation still chooses teachers and checkpoints)"),
        new("eval.test_subset", LeafKind.Int, 0, "test images scored, a fixed seeded draw from the test split (0 = all of it)", Checks.IntRange(0, int.MaxValue)),
        new("eval.subnets", LeafKind.StringList, UniformSubnet.Names.ToArray(), "named uniform subnets evaluated after each shrinking phase", Checks.DistinctNamesFrom("subnet name", UniformSubnet.Names)),
        new("eval.resolutions", LeafKind.IntList, null, "resolutions each subnet is evaluated at (subset of supernet.resolutions; default all)", Checks.AscendingInRange("resolution", 8, 512, 4)),

        new("import.checkpoint", LeafKind.String, "", "an import phase's checkpoint of the OFA reference implementation (.pth); relative to the experiment directory; the id hashes its content, not its path", InIdentity: false),
        new("accuracy_dataset.samples", LeafKind.Int, 1000, "(subnet, resolution) pairs an accuracy_dataset phase evaluates (OFA: 16k on ImageNet)", Checks.IntRange(10, 1_000_000)),
        SchemaLeaf.Choice("accuracy_dataset.sampler", AccuracySamplerNames.Spelling, AccuracySampler.Uniform, "uniform (OFA's random subnets) or balanced (resolutions cycled evenly, the rest uniform)"),
        new("predictor.hidden_size", LeafKind.Int, 400, "units in each of the accuracy predictor's 3 hidden ReLU layers (OFA: 400)", Checks.IntRange(1, 4096)),
        new("predictor.lr", LeafKind.Double, 1e-3, "Adam learning rate of the predictor (OFA: 1e-3)", Checks.DoubleRange(0, 1, minExclusive: true)),
        new("predictor.weight_decay", LeafKind.Double, 1e-4, "Adam weight decay of the predictor (OFA: 1e-4)", Checks.DoubleRange(0, 1)),
        new("predictor.epochs", LeafKind.Int, 100, "passes over the predictor's training pairs", Checks.IntRange(1, 100_000)),
        new("predictor.batch_size", LeafKind.Int, 64, "pairs per predictor optimizer step", Checks.IntRange(1, 65_536)),
        new("predictor.holdout_fraction", LeafKind.Double, 0.2, "seeded fraction of the pairs held out to report RMSE and Kendall tau", Checks.DoubleRange(0.05, 0.9)),
        new("latency_table.warmup", LeafKind.Int, 10, "untimed passes before timing a layer shape", Checks.IntRange(0, 10_000)),
        new("latency_table.repeats", LeafKind.Int, 30, "timed passes per layer shape; the table holds their median", Checks.IntRange(1, 100_000)),
        new("latency_table.check_subnets", LeafKind.Int, 50, "random subnets timed end to end against the table's prediction", Checks.IntRange(2, 100_000)),
        new("latency_table.batch_size", LeafKind.Int, 1, "images per timed pass (1: a single-image inference latency, as OFA's tables)", Checks.IntRange(1, 4096)),
        SchemaLeaf.Choice("latency_table.runtime", LatencyRuntimeNames.Spelling, LatencyRuntime.Libtorch, "where layers and checked subnets are timed: libtorch (device.kind), or onnxruntime (ONNX Runtime's CPU provider, each layer shape as its own ONNX graph, float32)", DefaultInIdentity: false),
        SchemaLeaf.Choice("search.efficiency", Search.EfficiencyKindNames.Spelling, Search.EfficiencyKind.Flops, "what search.targets constrain: flops (analytic, MFLOPs) or latency (a latency_table phase's table, ms)"),
        new("search.targets", LeafKind.StringList, Array.Empty<string>(), "efficiency targets of a search phase, with units: [40MFLOPs, 60MFLOPs] or [5ms, 8ms]", Checks.EfficiencyTargets()),
        SchemaLeaf.Choice("search.strategy", Search.SearchStrategyNames.Spelling, Search.SearchStrategy.Independent, "independent (one full search per target), bottom_up or top_down (multi-latency strategies)"),
        new("search.population", LeafKind.Int, 100, "evolutionary search population (OFA: 100)", Checks.IntRange(4, 100_000)),
        new("search.generations", LeafKind.Int, 500, "generations of a full search (OFA: 500)", Checks.IntRange(1, 1_000_000)),
        new("search.parent_ratio", LeafKind.Double, 0.25, "fraction of the population kept as parents (OFA: 0.25)", Checks.DoubleRange(0, 1, minExclusive: true)),
        new("search.mutation_ratio", LeafKind.Double, 0.5, "fraction of children made by mutation, the rest by crossover (OFA: 0.5)", Checks.DoubleRange(0, 1)),
        new("search.mutation_prob", LeafKind.Double, 0.1, "per-block and per-stage mutation probability (OFA: 0.1)", Checks.DoubleRange(0, 1)),
        new("search.finetune_epochs", LeafKind.Int, 0, "epochs each found subnet is fine-tuned on its own after the search (0 = not fine-tuned)", Checks.IntRange(0, 100_000)),
        new("search.finetune_lr", LeafKind.Double, 0.01, "peak cosine learning rate of that fine-tuning (SGD, Nesterov 0.9, batch 64)", Checks.DoubleRange(0, 100, minExclusive: true)),
        new("search.n2", LeafKind.Int, 100, "generations per target after the first in bottom_up and top_down (the multi-latency paper: 100)", Checks.IntRange(1, 1_000_000)),
        // Added after search runs were recorded: each default reproduces the earlier behaviour and is not hashed, so
        // only a run that sets another value gets a new id.
        new("search.resolution_mutate_prob", LeafKind.Double, 0.5, "probability that a mutation redraws the resolution (OFA's ofa/nas EvolutionFinder: 0.5; its tutorial and the multi-latency paper: 0.1, the per-block probability)", Checks.DoubleRange(0, 1), DefaultInIdentity: false),
        new("search.resolutions", LeafKind.IntList, Array.Empty<int>(), "input resolutions the search draws from (subset of supernet.resolutions); [] = all of them (OFA's tutorial and the multi-latency paper: 160..224 step 16)", Checks.AscendingInRangeOrEmpty("resolution", 8, 512, 4), DefaultInIdentity: false),
        SchemaLeaf.Choice("search.top_down_seed", Search.TopDownSeedNames.Spelling, Search.TopDownSeed.Mutations, "first population of a top_down follow-up target: mutations (the pruned previous best plus feasible mutations of it) or copies (the pruned previous best copied, as the multi-latency paper)", DefaultInIdentity: false),
    ];

    private static readonly Dictionary<string, SchemaLeaf> ByPath = Leaves.ToDictionary(l => l.Path);

    /// <summary>The leaf for a concrete path (phases.full.lr → phases.*.lr), or null.</summary>
    public static SchemaLeaf? Find(string path)
    {
        if (ByPath.TryGetValue(path, out var leaf))
        {
            return leaf;
        }

        var parts = path.Split('.');
        if (parts.Length == 3 && parts[0] == "phases")
        {
            return ByPath.GetValueOrDefault($"phases.*.{parts[2]}");
        }

        return null;
    }

    /// <summary>All concrete paths, with '*' replaced by each phase name; used for did-you-mean suggestions.</summary>
    public static IEnumerable<string> ConcretePaths(IEnumerable<string> phaseNames) =>
        Leaves.SelectMany(l => l.Path.Contains('*', StringComparison.Ordinal)
            ? phaseNames.Select(p => l.Path.Replace("*", p, StringComparison.Ordinal))
            : [l.Path]);
}
