using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// OFA's static MobileNetV3 for one subnet: the supernet's fixed layers plus, per stage, only the first d blocks, each
/// a plain <see cref="MbConvLayer"/> with its own kernel and middle width. This is what a subnet is deployed as (and
/// what <see cref="OfaMobileNetV3.get_active_subnet"/> returns): no slicing or kernel transforms at run time.
/// OFAv2 variants: only stages 1..Exit are built; final_expand_layer / feature_mix_layer / classifier are the head of
/// exit Exit (OFA's head when Exit is the last stage); with allExits (EE nets) <see cref="exits"/> adds the heads of
/// exits 1..Exit - 1 and forward returns the weighted ensemble sum_i v_i z_i (<see cref="ExitWeights"/>). Block
/// positions keep only their active branches: the MBConv in <see cref="blocks"/> (absent when its mask bit is off)
/// and, in P/DP nets, the static branches in <see cref="parallel_branches"/> (one entry per active position). Dense
/// skips run through the same <see cref="StageForward"/> as the supernet.
/// </summary>
public sealed class MobileNetV3 : ExplicitModule
{
    private readonly bool _dense;

    /// <summary>Per active block position, stage-major: its stage, its index in <see cref="blocks"/> (-1: MBConv off) and its slot.</summary>
    private readonly (int Stage, int Block, int Slot)[] _positions;

    /// <param name="initSeed">OFA initialisation seed; null leaves TorchSharp's default init (weights copied in after).</param>
    /// <param name="allExits">EE nets: build every exit head (needs config.Exit = the last stage); ignored by single-exit nets, whose one exit is all of them.</param>
    public MobileNetV3(SupernetSpec spec, DatasetInfo data, SubnetConfig config, ulong? initSeed = null, bool allExits = false, ScalarType dtype = ScalarType.Float32)
        : base(nameof(MobileNetV3))
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(config);
        var layout = MobileNetV3Layout.For(spec, data);
        if (config.Stages != layout.StageWidths.Count || config.BlocksPerStage != layout.MaxDepth)
        {
            throw new ArgumentException($"Subnet {config} does not have {layout.StageWidths.Count} stages of {layout.MaxDepth} block slots.", nameof(config));
        }

        if (!spec.HasParallelBlocks && !config.MbConvOnly)
        {
            throw new ArgumentException($"Subnet {config} has parallel branches but the {spec.Variant} supernet has none.", nameof(config));
        }

        if (!spec.HasEarlyExits && config.Exit != config.Stages)
        {
            throw new ArgumentException($"Subnet {config} uses exit {config.Exit} but the {spec.Variant} supernet only has the last.", nameof(config));
        }

        all_exits = allExits && spec.HasEarlyExits;
        if (all_exits && config.Exit != config.Stages)
        {
            throw new ArgumentException($"A network with all exits needs the last exit active; subnet {config} uses exit {config.Exit}.", nameof(config));
        }

        this.config = config;
        _dense = spec.HasDenseSkips;
        var bn = layout.BatchNorm;
        first_conv = new ConvLayer(data.Channels, layout.StemWidth, 3, layout.StemStride, ActivationKind.HSwish, bn);
        register_module("first_conv", first_conv);

        var blockList = new List<ResidualBlock<MbConvLayer>>
        {
            new(new MbConvLayer(layout.StemWidth, layout.FirstBlockWidth, 3, 1, 1, MobileNetV3Layout.FirstBlockActivation, false, bn),
                layout.StemWidth == layout.FirstBlockWidth),
        };
        var branchList = new List<ParallelBranches>();
        var positions = new List<(int, int, int)>();
        for (var stage = 0; stage < config.Exit; stage++)
        {
            for (var i = 0; i < config.Depths[stage]; i++)
            {
                var slot = (stage * config.BlocksPerStage) + i;
                var mask = config.Branches[slot];
                var block = -1;
                if ((mask & 1) != 0)
                {
                    var conv = new MbConvLayer(
                        layout.BlockInput(stage, i),
                        layout.StageWidths[stage],
                        config.Kernels[slot],
                        layout.BlockStride(stage, i),
                        config.Expands[slot],
                        layout.StageActivations[stage],
                        layout.StageSe[stage],
                        bn);
                    block = blockList.Count;
                    blockList.Add(new ResidualBlock<MbConvLayer>(conv, layout.HasShortcut(stage, i)));
                }

                if (spec.HasParallelBlocks)
                {
                    branchList.Add(ParallelBranches.Create(
                        layout.BlockInput(stage, i), layout.StageWidths[stage], layout.BlockStride(stage, i), layout.StageActivations[stage], bn, mask));
                }

                positions.Add((stage, block, slot));
            }
        }

        _positions = [.. positions];
        blocks = nn.ModuleList(blockList.ToArray());
        register_module("blocks", blocks);
        var (expandWidth, mixWidth) = layout.ExitWidths(config.Exit);
        final_expand_layer = new ConvLayer(layout.StageWidths[config.Exit - 1], expandWidth, 1, 1, ActivationKind.HSwish, bn);
        register_module("final_expand_layer", final_expand_layer);
        feature_mix_layer = new ConvLayer(expandWidth, mixWidth, 1, 1, ActivationKind.HSwish, batchNorm: null);
        register_module("feature_mix_layer", feature_mix_layer);
        classifier = new LinearLayer(mixWidth, data.NumClasses, spec.Dropout);
        register_module("classifier", classifier);
        if (all_exits)
        {
            exits = nn.ModuleList(Enumerable.Range(1, config.Exit - 1).Select(e => ExitHead.For(layout, e)).ToArray());
            register_module("exits", exits);
        }

        if (spec.HasParallelBlocks)
        {
            parallel_branches = nn.ModuleList(branchList.ToArray());
            register_module("parallel_branches", parallel_branches);
        }

        this.to(dtype);
        if (initSeed is { } seed)
        {
            OfaInit.InitModels(this, seed);
        }
    }

    /// <summary>The subnet this network was built for.</summary>
    public SubnetConfig config { get; }

    /// <summary>Whether stages run OFAv2's dense skips (D and DP nets; <see cref="StageForward.Run"/>).</summary>
    public bool dense_skips => _dense;

    /// <summary>Whether the network has the heads of every exit (EE nets built with allExits).</summary>
    public bool all_exits { get; }

    public ConvLayer first_conv { get; }

    /// <summary>blocks[0] (the first MBConv), then the MBConv of every active position whose MBConv branch is on.</summary>
    public ModuleList<ResidualBlock<MbConvLayer>> blocks { get; }

    /// <summary>Head of exit <see cref="SubnetConfig.Exit"/>: OFA's final_expand_layer when it is the last stage.</summary>
    public ConvLayer final_expand_layer { get; }

    public ConvLayer feature_mix_layer { get; }

    public LinearLayer classifier { get; }

    /// <summary>Heads of exits 1..Exit - 1 (only with all exits).</summary>
    public ModuleList<ExitHead>? exits { get; }

    /// <summary>Static branches of every active position, stage-major (P and DP nets only; empty entries for MBConv-only masks).</summary>
    public ModuleList<ParallelBranches>? parallel_branches { get; }

    /// <summary>Seeds every exit classifier's dropout as <see cref="OfaMobileNetV3.SeedDropout"/> seeds the same exits.</summary>
    public void SeedDropout(ulong seed)
    {
        classifier.SeedDropout(ExitWeights.DropoutSeed(seed, config.Exit, config.Stages));
        for (var i = 0; exits is not null && i < exits.Count; i++)
        {
            exits[i].classifier.SeedDropout(ExitWeights.DropoutSeed(seed, i + 1, config.Stages));
        }
    }

    /// <summary>The logits of the exit, or with all exits the ensemble sum_i v_i z_i (every head runs).</summary>
    public override Tensor forward(Tensor x)
    {
        if (!all_exits)
        {
            var y = RunStages(x, null);
            return ClassifierHead.Forward(y, final_expand_layer, feature_mix_layer, classifier);
        }

        var logits = forward_exits(x);
        try
        {
            return ExitWeights.Ensemble(logits);
        }
        finally
        {
            foreach (var z in logits)
            {
                z.Dispose();
            }
        }
    }

    /// <summary>Logits of every exit this network has (1..Exit with all exits, else the one exit), stages running once.</summary>
    public Tensor[] forward_exits(Tensor x)
    {
        if (!all_exits)
        {
            return [forward(x)];
        }

        var logits = new List<Tensor>();
        var y = RunStages(x, (stage, features) =>
        {
            if (stage + 1 < config.Exit)
            {
                logits.Add(exits![stage].forward(features));
            }
        });
        logits.Add(ClassifierHead.Forward(y, final_expand_layer, feature_mix_layer, classifier));
        return [.. logits];
    }

    private Tensor RunStages(Tensor x, Action<int, Tensor>? afterStage)
    {
        var y = first_conv.forward(x);
        using (var stem = y)
        {
            y = blocks[0].forward(stem);
        }

        var start = 0;
        for (var stage = 0; stage < config.Exit; stage++)
        {
            var first = start;
            y = StageForward.Run(y, config.Depths[stage], (i, input) => RunPosition(first + i, input), _dense);
            start += config.Depths[stage];
            afterStage?.Invoke(stage, y);
        }

        return y;
    }

    private Tensor RunPosition(int position, Tensor x)
    {
        var (_, block, _) = _positions[position];
        var branches = parallel_branches?[position];
        if (branches is null || (branches.conv1x1 is null && branches.transformation is null))
        {
            return blocks[block].forward(x);
        }

        return StageForward.Block(x, block >= 0 ? blocks[block] : null, branches.conv1x1, branches.transformation);
    }
}
