using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// OFA's static MobileNetV3 for one subnet: the supernet's fixed layers plus, per stage, only the first d blocks, each
/// a plain <see cref="MbConvLayer"/> with its own kernel and middle width. This is what a subnet is deployed as (and
/// what <see cref="OfaMobileNetV3.get_active_subnet"/> returns): no slicing or kernel transforms at run time.
/// </summary>
public sealed class MobileNetV3 : ExplicitModule
{
    /// <param name="initSeed">OFA initialisation seed; null leaves TorchSharp's default init (weights copied in after).</param>
    public MobileNetV3(SupernetSpec spec, DatasetInfo data, SubnetConfig config, ulong? initSeed = null)
        : base(nameof(MobileNetV3))
    {
        ArgumentNullException.ThrowIfNull(config);
        var layout = MobileNetV3Layout.For(spec, data);
        if (config.Stages != layout.StageWidths.Count || config.BlocksPerStage != layout.MaxDepth)
        {
            throw new ArgumentException($"Subnet {config} does not have {layout.StageWidths.Count} stages of {layout.MaxDepth} block slots.", nameof(config));
        }

        this.config = config;
        var bn = layout.BatchNorm;
        first_conv = new ConvLayer(data.Channels, layout.StemWidth, 3, layout.StemStride, ActivationKind.HSwish, bn);
        register_module("first_conv", first_conv);

        var blockList = new List<ResidualBlock<MbConvLayer>>
        {
            new(new MbConvLayer(layout.StemWidth, layout.FirstBlockWidth, 3, 1, 1, MobileNetV3Layout.FirstBlockActivation, false, bn),
                layout.StemWidth == layout.FirstBlockWidth),
        };
        for (var stage = 0; stage < config.Stages; stage++)
        {
            for (var i = 0; i < config.Depths[stage]; i++)
            {
                var slot = (stage * config.BlocksPerStage) + i;
                var conv = new MbConvLayer(
                    layout.BlockInput(stage, i),
                    layout.StageWidths[stage],
                    config.Kernels[slot],
                    layout.BlockStride(stage, i),
                    config.Expands[slot],
                    layout.StageActivations[stage],
                    layout.StageSe[stage],
                    bn);
                blockList.Add(new ResidualBlock<MbConvLayer>(conv, layout.HasShortcut(stage, i)));
            }
        }

        blocks = nn.ModuleList(blockList.ToArray());
        register_module("blocks", blocks);
        final_expand_layer = new ConvLayer(layout.StageWidths[^1], layout.FinalExpandWidth, 1, 1, ActivationKind.HSwish, bn);
        register_module("final_expand_layer", final_expand_layer);
        feature_mix_layer = new ConvLayer(layout.FinalExpandWidth, layout.LastChannel, 1, 1, ActivationKind.HSwish, batchNorm: null);
        register_module("feature_mix_layer", feature_mix_layer);
        classifier = new LinearLayer(layout.LastChannel, data.NumClasses, spec.Dropout);
        register_module("classifier", classifier);
        if (initSeed is { } seed)
        {
            OfaInit.InitModels(this, seed);
        }
    }

    /// <summary>The subnet this network was built for.</summary>
    public SubnetConfig config { get; }

    public ConvLayer first_conv { get; }

    public ModuleList<ResidualBlock<MbConvLayer>> blocks { get; }

    public ConvLayer final_expand_layer { get; }

    public ConvLayer feature_mix_layer { get; }

    public LinearLayer classifier { get; }

    public override Tensor forward(Tensor x)
    {
        var y = first_conv.forward(x);
        foreach (var block in blocks)
        {
            using var input = y;
            y = block.forward(input);
        }

        return ClassifierHead.Forward(y, final_expand_layer, feature_mix_layer, classifier);
    }
}
