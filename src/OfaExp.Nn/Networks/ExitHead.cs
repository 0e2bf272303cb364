using OfaExp.Core.Costs;
using OfaExp.Nn.Layers;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// One early exit of an OFAv2 EE network (exits 1..4; exit 5 is the network's own final_expand_layer /
/// feature_mix_layer / classifier): 1x1 conv + BN + h-swish to 6C, global average pool, 1x1 conv (no BN) + h-swish to
/// 8C, classifier (dropout + linear). Same parameter names as OFA's head.
/// </summary>
public sealed class ExitHead : ExplicitModule
{
    public ExitHead(int inChannels, int expandWidth, int mixWidth, int numClasses, double dropout, BatchNormSettings batchNorm)
        : base(nameof(ExitHead))
    {
        final_expand_layer = new ConvLayer(inChannels, expandWidth, 1, 1, ActivationKind.HSwish, batchNorm);
        register_module("final_expand_layer", final_expand_layer);
        feature_mix_layer = new ConvLayer(expandWidth, mixWidth, 1, 1, ActivationKind.HSwish, batchNorm: null);
        register_module("feature_mix_layer", feature_mix_layer);
        classifier = new LinearLayer(mixWidth, numClasses, dropout);
        register_module("classifier", classifier);
    }

    /// <summary>The head of exit <paramref name="exit"/> (1-based) of <paramref name="layout"/>.</summary>
    public static ExitHead For(MobileNetV3Layout layout, int exit)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var (expand, mix) = layout.ExitWidths(exit);
        return new ExitHead(layout.StageWidths[exit - 1], expand, mix, layout.NumClasses, layout.Dropout, layout.BatchNorm);
    }

    public ConvLayer final_expand_layer { get; }

    public ConvLayer feature_mix_layer { get; }

    public LinearLayer classifier { get; }

    /// <summary>Logits of the stage output <paramref name="x"/>, which is left undisposed.</summary>
    public override Tensor forward(Tensor x) => ClassifierHead.Forward(x, final_expand_layer, feature_mix_layer, classifier, disposeFeatures: false);
}
