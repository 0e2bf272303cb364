using OfaExp.Core.Spec;
using OfaExp.Nn.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// The OFA MobileNetV3 supernet (METHODS.md section 1, OFA's OFAMobileNetV3) at its maximal configuration: every
/// stage holds MaxDepth blocks with kernel MaxKernel and expand ratio MaxExpand, weights stored at full size so that
/// elastic kernel/expand/depth can slice them (first C channels, centre of the kernel, first d blocks of a stage).
/// Layout: first_conv (3x3, StemStride, h-swish) -> blocks[0] (MBConv expand 1, k3) -> 5 stages of 24/40/80/112/160
/// x width -> final_expand_layer (1x1, 960 x width, BN, h-swish) -> global average pool -> feature_mix_layer
/// (1x1, 1280 x width, no BN, h-swish) -> classifier (dropout + linear).
/// </summary>
public sealed class OfaMobileNetV3 : nn.Module<Tensor, Tensor>
{
    private static readonly int[] BaseStageWidth = [16, 16, 24, 40, 80, 112, 160, 960, 1280];
    private static readonly ActivationKind[] StageActivation =
        [ActivationKind.Relu, ActivationKind.Relu, ActivationKind.Relu, ActivationKind.HSwish, ActivationKind.HSwish, ActivationKind.HSwish];

    private static readonly bool[] StageSe = [false, false, true, false, true, true];

    /// <param name="initSeed">Seed of the OFA weight initialisation (<see cref="OfaInit"/>).</param>
    public OfaMobileNetV3(SupernetSpec spec, DatasetInfo data, ulong initSeed)
        : base(nameof(OfaMobileNetV3))
    {
        if (spec.StageStrides.Count != 5)
        {
            throw new ArgumentException($"OFA MobileNetV3 has 5 elastic stages; got {spec.StageStrides.Count} stage strides.", nameof(spec));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.StemStride);
        width_mult = spec.WidthMult;
        var bn = new BatchNormSettings(spec.BnMomentum, spec.BnEps);
        var widths = BaseStageWidth[..^2].Select(w => Channels.MakeDivisible(w * spec.WidthMult)).ToArray();
        var finalExpandWidth = Channels.MakeDivisible(BaseStageWidth[^2] * spec.WidthMult);
        var lastChannel = Channels.MakeDivisible(BaseStageWidth[^1] * spec.WidthMult);

        first_conv = new ConvLayer(data.Channels, widths[0], 3, spec.StemStride, ActivationKind.HSwish, bn);
        register_module("first_conv", first_conv);

        var blockList = new List<ResidualBlock>
        {
            new(new MbConvLayer(widths[0], widths[1], 3, 1, 1, StageActivation[0], StageSe[0], bn), widths[0] == widths[1]),
        };
        var groups = new List<IReadOnlyList<int>>();
        var featureDim = widths[1];
        for (var stage = 0; stage < 5; stage++)
        {
            var outWidth = widths[stage + 2];
            groups.Add(Enumerable.Range(blockList.Count, spec.MaxDepth).ToArray());
            for (var i = 0; i < spec.MaxDepth; i++)
            {
                var stride = i == 0 ? spec.StageStrides[stage] : 1;
                var conv = new MbConvLayer(
                    featureDim, outWidth, spec.MaxKernel, stride, spec.MaxExpand, StageActivation[stage + 1], StageSe[stage + 1], bn);
                blockList.Add(new ResidualBlock(conv, stride == 1 && featureDim == outWidth));
                featureDim = outWidth;
            }
        }

        blocks = nn.ModuleList(blockList.ToArray());
        register_module("blocks", blocks);
        block_group_info = groups;

        final_expand_layer = new ConvLayer(featureDim, finalExpandWidth, 1, 1, ActivationKind.HSwish, bn);
        register_module("final_expand_layer", final_expand_layer);
        feature_mix_layer = new ConvLayer(finalExpandWidth, lastChannel, 1, 1, ActivationKind.HSwish, batchNorm: null);
        register_module("feature_mix_layer", feature_mix_layer);
        classifier = new LinearLayer(lastChannel, data.NumClasses, spec.Dropout);
        register_module("classifier", classifier);
        OfaInit.InitModels(this, initSeed);
    }

    public double width_mult { get; }

    public ConvLayer first_conv { get; }

    public ModuleList<ResidualBlock> blocks { get; }

    /// <summary>Block indices of each of the 5 elastic stages (blocks[0] belongs to none), as in OFA.</summary>
    public IReadOnlyList<IReadOnlyList<int>> block_group_info { get; }

    public ConvLayer final_expand_layer { get; }

    public ConvLayer feature_mix_layer { get; }

    public LinearLayer classifier { get; }

    public override Tensor forward(Tensor x)
    {
        x = first_conv.forward(x);
        x = blocks[0].forward(x);
        foreach (var group in block_group_info)
        {
            foreach (var index in group)
            {
                x = blocks[index].forward(x);
            }
        }

        x = final_expand_layer.forward(x);
        x = x.mean([2, 3], keepdim: true);
        x = feature_mix_layer.forward(x);
        return classifier.forward(x.flatten(1));
    }
}
