namespace OfaExp.Core.Spec;

/// <summary>
/// What a <see cref="PhaseKind"/> is and the config it reads. <paramref name="Inputs"/> are path prefixes ("supernet.",
/// "seed"); "phases.{self}." stands for the phase's own settings. <paramref name="Ignores"/> are exact paths under
/// those prefixes that the kind does not read (validation pins them to the one value the kind supports). A run id
/// hashes exactly the values read, so a key that only a later phase reads never changes an earlier phase's id.
/// <paramref name="ElasticByDefault"/> lists the elastic dimensions (<see cref="ElasticChoices.Dimensions"/>) whose
/// choices default to all of the supernet's; the others default to the supernet's maximum.
/// </summary>
public sealed record PhaseKindInfo(
    PhaseKind Kind,
    string Description,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Ignores,
    IReadOnlyList<string> ElasticByDefault)
{
    public const string SelfPrefix = "phases.{self}.";

    /// <summary>The kind's YAML spelling (phases.&lt;name&gt;.kind), also the phase name that defaults to it.</summary>
    public string Name => PhaseKindNames.Spelling.Name(Kind);

    /// <summary>What runs of this kind produce (supernet weights for training kinds).</summary>
    public PhaseRole Role { get; init; } = PhaseRole.Train;

    /// <summary>Whether runs of this kind train supernet weights (and so may distill from a teacher).</summary>
    public bool Trains => Role == PhaseRole.Train;

    /// <summary>The identity input an import run hashes in place of the checkpoint's path: the file's SHA-256.</summary>
    public const string ImportDigestInput = "import.checkpoint_sha256";

    /// <summary>Whether runs of this kind learn from a teacher when distillation is on: the shrinking phases.</summary>
    public bool Distills => Trains && Kind is not (PhaseKind.Full or PhaseKind.Import);

    // The search kinds hash only what they read: the elastic choices a data set samples from, not the training
    // settings (lr, epochs) every phase carries with their defaults.
    private static readonly string[] ChoicePaths = [.. ElasticChoices.Dimensions.Select(d => SelfPrefix + d)];

    // Progressive-shrinking phases read the distillation and evaluation sections; full reads neither, so tuning
    // distillation never retrains the teacher. teacher.selection is read by no one: the planner hashes the teacher
    // run id it resolves to instead.
    // What the phases that feed batches to a network read of the device: threads, dtype and layout each change how
    // their sums round.
    private static readonly string[] BatchDevice = ["device.threads", "device.dtype", "device.memory_format"];

    private static readonly string[] ShrinkingInputs = ["seed", .. BatchDevice, "data.", "supernet.", SelfPrefix, "kd.", "eval."];

    /// <summary>The phase kinds this engine knows, in declaration order (a trainer may still be missing for some; PhaseTrainers says).</summary>
    public static IReadOnlyList<PhaseKindInfo> All { get; } = [.. Enum.GetValues<PhaseKind>().Select(Describe)];

    public static PhaseKindInfo Of(PhaseKind kind) => All[(int)kind];

    // An exhaustive switch: a kind added to the enum without its description fails the build here.
    private static PhaseKindInfo Describe(PhaseKind kind) => kind switch
    {
        PhaseKind.Full => new(kind, "train the maximal network (largest kernel, expand ratio, depth and resolution): the teacher of later phases",
            ["seed", .. BatchDevice, "data.", "supernet.", SelfPrefix],
            // full trains one network; SpecBuilder rejects any other value for these, so they never reach its id.
            // Resolutions are the exception: a full phase may train at several (one per batch), so they count.
            [.. ElasticChoices.Dimensions.Where(d => d != "resolutions").Select(d => SelfPrefix + d), SelfPrefix + "subnets_per_step", SelfPrefix + "sort_channels"],
            []),
        PhaseKind.Kernel => new(kind, "progressive shrinking, elastic kernel size: sample kernel sizes (and resolutions) at the largest expand ratio and depth, distilling from the teacher",
            ShrinkingInputs, [], ["kernel_sizes", "resolutions"]),
        PhaseKind.Level => new(kind, "OFAv2 Elastic Level (parallel-block supernets only): sample how many of each block position's three branches run, any on/off pattern, with elastic kernels",
            ShrinkingInputs, [], ["kernel_sizes", "resolutions", "levels"]),
        PhaseKind.Height => new(kind, "OFAv2 Elastic Height (early-exit supernets only): sample the exit a subnet classifies at, with elastic kernels (and levels)",
            ShrinkingInputs, [], ["kernel_sizes", "resolutions", "levels", "exits"]),
        PhaseKind.Depth => new(kind, "progressive shrinking, elastic depth: sample depths per stage with elastic kernels (levels, exits) at the largest expand ratio, distilling from the teacher",
            ShrinkingInputs, [], ["kernel_sizes", "depths", "resolutions", "levels", "exits"]),
        PhaseKind.Expand => new(kind, "progressive shrinking, elastic width: sample expand ratios with elastic kernels and depths (levels, exits), distilling from the teacher",
            ShrinkingInputs, [], ["kernel_sizes", "depths", "expand_ratios", "resolutions", "levels", "exits"]),
        PhaseKind.Import => new(kind, "load a supernet trained elsewhere: a checkpoint of the OFA reference implementation's OFAMobileNetV3 (import.checkpoint), hashed by content",
            // seed: OFAv2's exit heads and parallel branches are not in OFA checkpoints and keep their seeded initial weights.
            ["seed", "device.dtype", "supernet.", "data.dataset"], [], []),
        PhaseKind.AccuracyDataset => new(kind, "search: sample (subnet, resolution) pairs of the trained supernet, evaluate each after BN recalibration, and record the pairs (the predictor's training data)",
            ["seed", .. BatchDevice, "data.", "supernet.", "accuracy_dataset.", "eval.recal_images", "eval.recal_batch_size", .. ChoicePaths], [],
            ["kernel_sizes", "depths", "expand_ratios", "resolutions", "levels", "exits"]) { Role = PhaseRole.AccuracyDataset },
        PhaseKind.Predictor => new(kind, "search: train OFA's accuracy predictor (3x400 ReLU MLP + base accuracy) on the accuracy data set, report held-out RMSE and Kendall tau",
            ["seed", "device.threads", "device.dtype", "predictor."], [], []) { Role = PhaseRole.Predictor },
        PhaseKind.LatencyTable => new(kind, "search: time every distinct layer shape of the space on this device (a measurement), and check the table's sums against end-to-end timings",
            ["device.kind", "device.threads", "device.dtype", "data.dataset", "supernet.", "latency_table."], [], []) { Role = PhaseRole.LatencyTable },
        PhaseKind.Search => new(kind, "search: OFA's evolutionary search for each efficiency target (search.strategy: independent, bottom_up or top_down), then evaluate the found subnets",
            ["seed", .. BatchDevice, "data.", "supernet.", "search.", "eval.recal_images", "eval.recal_batch_size", "eval.test", "eval.test_subset"], [], []) { Role = PhaseRole.Search },
    };

    public bool IsFull => Kind == PhaseKind.Full;

    /// <summary>
    /// Whether a phase of this kind has anything to train on <paramref name="supernet"/>: Elastic Level needs parallel
    /// blocks, Elastic Height early exits. A pipeline drops the phases that do not apply (OFAv2's extended order
    /// names them all), so one pipeline serves every variant of a sweep.
    /// </summary>
    public bool AppliesTo(SupernetSpec supernet)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        return Kind switch
        {
            PhaseKind.Level => supernet.HasParallelBlocks,
            PhaseKind.Height => supernet.HasEarlyExits,
            PhaseKind.Full or PhaseKind.Kernel or PhaseKind.Depth or PhaseKind.Expand or PhaseKind.Import
                or PhaseKind.AccuracyDataset or PhaseKind.Predictor or PhaseKind.LatencyTable or PhaseKind.Search => true,
        };
    }

    public bool Reads(string path, string phaseName)
    {
        foreach (var ignored in Ignores)
        {
            if (path == ignored.Replace("{self}", phaseName, StringComparison.Ordinal))
            {
                return false;
            }
        }

        foreach (var input in Inputs)
        {
            var prefix = input.Replace("{self}", phaseName, StringComparison.Ordinal);
            if (prefix.EndsWith('.') ? path.StartsWith(prefix, StringComparison.Ordinal) : path == prefix)
            {
                return true;
            }
        }

        return false;
    }
}
