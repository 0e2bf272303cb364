using OfaExp.Core.Seeding;
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

/// <summary>OFAv2's exit weights and the per-exit dropout seeds.</summary>
public static class ExitWeights
{
    /// <summary>
    /// w = v of OFAv2's maximal early-exit network: the loss is sum_i w_i CE_i and the output sum_i v_i z_i over the
    /// five exits (METHODS.md section 2). Exit i (1-based) has weight Values[i - 1].
    /// </summary>
    public static IReadOnlyList<double> Values { get; } = [0.06, 0.13, 0.20, 0.27, 0.34];

    /// <summary>sum_i v_i z_i over the logits of all five exits (in exit order); the inputs are not disposed.</summary>
    /// <exception cref="ArgumentException">Not one logits tensor per exit weight.</exception>
    public static Tensor Ensemble(IReadOnlyList<Tensor> logits)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Count != Values.Count)
        {
            throw new ArgumentException($"The exit ensemble needs the logits of all {Values.Count} exits; got {logits.Count}.", nameof(logits));
        }

        var sum = logits[0] * Values[0];
        for (var i = 1; i < logits.Count; i++)
        {
            using var previous = sum;
            using var weighted = logits[i] * Values[i];
            sum = previous + weighted;
        }

        return sum;
    }

    /// <summary>
    /// The dropout seed of exit <paramref name="exit"/> of a network with <paramref name="stages"/> stages: the last
    /// exit (OFA's classifier) takes <paramref name="seed"/> itself, so single-exit runs draw the masks they always
    /// drew; earlier exits take distinct derived seeds.
    /// </summary>
    public static ulong DropoutSeed(ulong seed, int exit, int stages) => exit == stages ? seed : SeedDerivation.ForIndex(seed, exit);
}
