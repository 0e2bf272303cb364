using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// The OFA MobileNetV3 supernet (Cai et al. 2020, the reference's OFAMobileNetV3). Layout: first_conv (3x3, StemStride,
/// h-swish) -> blocks[0] (static MBConv, expand 1, k3) -> 5 stages of MaxDepth elastic blocks, 24/40/80/112/160 x
/// width -> final_expand_layer (1x1, 960 x width, BN, h-swish) -> global average pool -> feature_mix_layer (1x1,
/// 1280 x width, no BN, h-swish) -> classifier (dropout + linear). Elastic blocks are <see cref="DynamicMbConvLayer"/>s
/// stored at the largest kernel and expand ratio; <see cref="set_active_subnet"/> picks kernel and expand per block
/// and depth per stage (the first d blocks run). The maximal subnet is active from construction, so training the
/// teacher needs no call. Resolution is the caller's: any input size works.
/// OFAv2's variants (Sarti et al. 2023) are composable parts of the same network, read from the spec: early exits
/// (<see cref="exits"/>: heads after stages 1..4, exit 5 being the head above), dense skips inside stages
/// (<see cref="StageForward.Run"/>) and parallel branches per elastic slot (<see cref="parallel_branches"/>). The
/// active config's exit and branch masks pick what runs. New modules are registered after OFA's, so OFA's modules
/// draw the same initial weights in every variant, and an SE_B network is exactly OFA's.
/// </summary>
public sealed class OfaMobileNetV3 : ExplicitModule
{
    private readonly ResidualBlock<DynamicMbConvLayer>[] _elastic;
    private readonly int[] _runtimeDepth;
    private readonly int[] _branches;
    private readonly SupernetSpec _spec;
    private readonly DatasetInfo _data;

    /// <param name="initSeed">Seed of the OFA weight initialisation (<see cref="OfaInit"/>).</param>
    /// <param name="dtype">The parameters' floating-point type; the initial weights are drawn in it.</param>
    public OfaMobileNetV3(SupernetSpec spec, DatasetInfo data, ulong initSeed, ScalarType dtype = ScalarType.Float32)
        : base(nameof(OfaMobileNetV3))
    {
        layout = MobileNetV3Layout.For(spec, data);
        _spec = spec;
        _data = data;
        space = new SubnetSpace(spec);
        width_mult = spec.WidthMult;
        var bn = layout.BatchNorm;

        first_conv = new ConvLayer(data.Channels, layout.StemWidth, 3, spec.StemStride, ActivationKind.HSwish, bn);
        register_module("first_conv", first_conv);

        first_block = new ResidualBlock<MbConvLayer>(
            new MbConvLayer(layout.StemWidth, layout.FirstBlockWidth, 3, 1, 1, MobileNetV3Layout.FirstBlockActivation, false, bn),
            layout.StemWidth == layout.FirstBlockWidth);
        var blockList = new List<nn.Module<Tensor, Tensor>> { first_block };
        var elastic = new List<ResidualBlock<DynamicMbConvLayer>>();
        var groups = new List<IReadOnlyList<int>>();
        for (var stage = 0; stage < 5; stage++)
        {
            groups.Add(Enumerable.Range(blockList.Count, spec.MaxDepth).ToArray());
            for (var i = 0; i < spec.MaxDepth; i++)
            {
                var conv = new DynamicMbConvLayer(
                    layout.BlockInput(stage, i),
                    layout.StageWidths[stage],
                    spec.KernelSizes,
                    spec.ExpandRatios,
                    layout.BlockStride(stage, i),
                    layout.StageActivations[stage],
                    layout.StageSe[stage],
                    bn);
                var block = new ResidualBlock<DynamicMbConvLayer>(conv, layout.HasShortcut(stage, i));
                blockList.Add(block);
                elastic.Add(block);
            }
        }

        _elastic = [.. elastic];
        blocks = nn.ModuleList(blockList.ToArray());
        register_module("blocks", blocks);
        block_group_info = groups;
        _runtimeDepth = [.. groups.Select(g => g.Count)];

        final_expand_layer = new ConvLayer(layout.StageWidths[^1], layout.FinalExpandWidth, 1, 1, ActivationKind.HSwish, bn);
        register_module("final_expand_layer", final_expand_layer);
        feature_mix_layer = new ConvLayer(layout.FinalExpandWidth, layout.LastChannel, 1, 1, ActivationKind.HSwish, batchNorm: null);
        register_module("feature_mix_layer", feature_mix_layer);
        classifier = new LinearLayer(layout.LastChannel, data.NumClasses, spec.Dropout);
        register_module("classifier", classifier);
        if (spec.HasEarlyExits)
        {
            exits = nn.ModuleList(Enumerable.Range(1, layout.StageWidths.Count - 1).Select(e => ExitHead.For(layout, e)).ToArray());
            register_module("exits", exits);
        }

        if (spec.HasParallelBlocks)
        {
            var branches = new List<ParallelBranches>();
            for (var stage = 0; stage < 5; stage++)
            {
                for (var i = 0; i < spec.MaxDepth; i++)
                {
                    branches.Add(ParallelBranches.Create(
                        layout.BlockInput(stage, i), layout.StageWidths[stage], layout.BlockStride(stage, i), layout.StageActivations[stage], bn, SubnetConfig.AllBranches));
                }
            }

            parallel_branches = nn.ModuleList(branches.ToArray());
            register_module("parallel_branches", parallel_branches);
        }

        _branches = [.. Enumerable.Repeat(1, _elastic.Length)];
        // Converted before the draws: OfaInit overwrites every weight, so the values come from draws in this dtype.
        this.to(dtype);
        OfaInit.InitModels(this, initSeed);
        ActiveSubnet = space.Max;
        set_active_subnet(space.Max);
    }

    public double width_mult { get; }

    public MobileNetV3Layout layout { get; }

    /// <summary>The subnets of this supernet.</summary>
    public SubnetSpace space { get; }

    public ConvLayer first_conv { get; }

    /// <summary>blocks[0] followed by the elastic blocks; typed access through <see cref="first_block"/> and <see cref="elastic_blocks"/>.</summary>
    public ModuleList<nn.Module<Tensor, Tensor>> blocks { get; }

    /// <summary>blocks[0]: the static first MBConv (expand 1, kernel 3), shared by every subnet.</summary>
    public ResidualBlock<MbConvLayer> first_block { get; }

    /// <summary>blocks[1..], stage-major: slot s of a <see cref="SubnetConfig"/> is elastic_blocks[s].</summary>
    public IReadOnlyList<ResidualBlock<DynamicMbConvLayer>> elastic_blocks => _elastic;

    /// <summary>Block indices of each of the 5 elastic stages (blocks[0] belongs to none), as in OFA.</summary>
    public IReadOnlyList<IReadOnlyList<int>> block_group_info { get; }

    public ConvLayer final_expand_layer { get; }

    public ConvLayer feature_mix_layer { get; }

    public LinearLayer classifier { get; }

    /// <summary>Early-exit heads after stages 1..4 (EE nets only; exit 5 is final_expand_layer / feature_mix_layer / classifier).</summary>
    public ModuleList<ExitHead>? exits { get; }

    /// <summary>The static 1x1 conv and transformation branches of every elastic slot, slot-major (P and DP nets only).</summary>
    public ModuleList<ParallelBranches>? parallel_branches { get; }

    /// <summary>The supernet's spec (variant included).</summary>
    public SupernetSpec spec => _spec;

    /// <summary>The subnet the next forward runs (its resolution is a label: the input decides the size).</summary>
    public SubnetConfig ActiveSubnet { get; private set; }

    /// <summary>Active depth per stage (OFA's runtime_depth).</summary>
    public IReadOnlyList<int> runtime_depth => _runtimeDepth;

    /// <summary>Makes <paramref name="config"/> the active subnet: kernel and expand per block slot, depth per stage.</summary>
    /// <exception cref="ArgumentException">The config does not belong to this supernet's space (resolution aside).</exception>
    public void set_active_subnet(SubnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!space.Contains(config.WithResolution(space.All.Resolutions[0])))
        {
            throw new ArgumentException($"Subnet {config} is not in this supernet's space (kernels [{string.Join(",", space.All.Kernels)}], "
                + $"expands [{string.Join(",", space.All.Expands)}], depths [{string.Join(",", space.All.Depths)}], levels [{string.Join(",", space.Levels)}], "
                + $"exits [{string.Join(",", space.Exits)}], {space.Stages} x {space.BlocksPerStage} slots).", nameof(config));
        }

        for (var slot = 0; slot < _elastic.Length; slot++)
        {
            _elastic[slot].conv.active_kernel_size = config.Kernels[slot];
            _elastic[slot].conv.active_expand_ratio = config.Expands[slot];
        }

        for (var stage = 0; stage < _runtimeDepth.Length; stage++)
        {
            _runtimeDepth[stage] = config.Depths[stage];
        }

        for (var slot = 0; slot < _branches.Length; slot++)
        {
            _branches[slot] = config.Branches[slot];
        }

        ActiveSubnet = config;
    }

    /// <summary>Activates the maximal subnet (largest kernel, expand, depth; the largest resolution as label).</summary>
    public void set_max_net() => set_active_subnet(space.Max);

    /// <summary>OFA's re_organize_middle_weights on every elastic block (see <see cref="DynamicMbConvLayer.ReOrganizeMiddleWeights"/>).</summary>
    public void re_organize_middle_weights(int expandRatioStage = 0)
    {
        foreach (var block in _elastic)
        {
            block.conv.ReOrganizeMiddleWeights(expandRatioStage);
        }
    }

    /// <summary>
    /// OFA's get_active_subnet: a static <see cref="MobileNetV3"/> of the active subnet with the active weights copied
    /// (transformed depthwise filters, first channels of every sliced tensor, BN statistics, SE), on this network's
    /// device and in its training mode. It shares no storage with the supernet.
    /// </summary>
    /// <param name="allExits">
    /// EE nets: also keep the heads of exits 1..Exit - 1, so the static network's forward is the weighted exit
    /// ensemble and <see cref="MobileNetV3.forward_exits"/> returns every exit (needs the last exit active). Without
    /// it only the active exit's head is kept. Single-exit nets have one exit either way.
    /// </param>
    public MobileNetV3 get_active_subnet(bool allExits = false) => SubnetExtraction.Extract(this, _spec, _data, allExits);

    /// <summary>
    /// Seeds the dropout mask of every exit's classifier for the next forward: the last exit's (OFA's classifier)
    /// with <paramref name="seed"/> itself, so single-exit results are those of <c>classifier.SeedDropout(seed)</c>;
    /// early exits with seeds derived from it (<see cref="ExitWeights.DropoutSeed"/>).
    /// </summary>
    public void SeedDropout(ulong seed)
    {
        classifier.SeedDropout(seed);
        for (var i = 0; exits is not null && i < exits.Count; i++)
        {
            exits[i].classifier.SeedDropout(ExitWeights.DropoutSeed(seed, i + 1, layout.StageWidths.Count));
        }
    }

    /// <summary>Logits of the active subnet's exit: stem, stages 1..Exit at their active depths and branches, exit Exit's head.</summary>
    public override Tensor forward(Tensor x)
    {
        var exit = ActiveSubnet.Exit;
        var y = RunStages(x, exit, null);
        return Head(exit, y, disposeFeatures: true);
    }

    /// <summary>
    /// Logits of every exit 1..Exit of the active subnet, in exit order, the stages running once (each head reads its
    /// stage's output). Single-exit nets return their one output.
    /// </summary>
    public Tensor[] forward_exits(Tensor x)
    {
        if (!_spec.HasEarlyExits)
        {
            return [forward(x)];
        }

        var logits = new List<Tensor>();
        var y = RunStages(x, ActiveSubnet.Exit, (stage, features) => logits.Add(Head(stage + 1, features, disposeFeatures: false)));
        y.Dispose();
        return [.. logits];
    }

    private Tensor RunStages(Tensor x, int exit, Action<int, Tensor>? afterStage)
    {
        var y = first_conv.forward(x);
        using (var stem = y)
        {
            y = first_block.forward(stem);
        }

        for (var stage = 0; stage < exit; stage++)
        {
            var group = block_group_info[stage];
            y = StageForward.Run(y, _runtimeDepth[stage], (i, input) => RunBlock(group[i] - 1, input), _spec.HasDenseSkips);
            afterStage?.Invoke(stage, y);
        }

        return y;
    }

    private Tensor RunBlock(int slot, Tensor x)
    {
        var mask = _branches[slot];
        if (mask == 1)
        {
            return _elastic[slot].forward(x);
        }

        var branches = parallel_branches![slot];
        return StageForward.Block(
            x, (mask & 1) != 0 ? _elastic[slot] : null, (mask & 2) != 0 ? branches.conv1x1 : null, (mask & 4) != 0 ? branches.transformation : null);
    }

    private Tensor Head(int exit, Tensor features, bool disposeFeatures) =>
        exit == layout.StageWidths.Count
            ? ClassifierHead.Forward(features, final_expand_layer, feature_mix_layer, classifier, disposeFeatures)
            : disposeFeatures
                ? ForwardAndDispose(exits![exit - 1], features)
                : exits![exit - 1].forward(features);

    private static Tensor ForwardAndDispose(ExitHead head, Tensor features)
    {
        using (features)
        {
            return head.forward(features);
        }
    }
}
