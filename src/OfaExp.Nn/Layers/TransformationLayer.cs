using OfaExp.Core.Costs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFAv2's transformation branch of a parallel block position (the reference's TransformationLayer): max-pool with
/// kernel = stride (ceil mode, so the output size matches the strided convolutions' ceil(n / s); skipped at stride 1),
/// then a 1x1 convolution with bias when the width changes, then BN and the stage's activation.
/// </summary>
public sealed class TransformationLayer : ExplicitModule
{
    public TransformationLayer(int inChannels, int outChannels, int stride, ActivationKind activation, BatchNormSettings batchNorm)
        : base(nameof(TransformationLayer))
    {
        ArgumentNullException.ThrowIfNull(batchNorm);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        in_channels = inChannels;
        out_channels = outChannels;
        this.stride = stride;
        act_func = activation;
        if (inChannels != outChannels)
        {
            conv = nn.Conv2d(inChannels, outChannels, 1, bias: true);
            register_module("conv", conv);
        }

        bn = nn.BatchNorm2d(outChannels, eps: batchNorm.Eps, momentum: batchNorm.Momentum);
        register_module("bn", bn);
    }

    public int in_channels { get; }

    public int out_channels { get; }

    public int stride { get; }

    public ActivationKind act_func { get; }

    /// <summary>The 1x1 width change; null when input and output widths agree.</summary>
    public Conv2d? conv { get; }

    public BatchNorm2d bn { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var y = stride > 1 ? nn.functional.max_pool2d(x, stride, stride, ceil_mode: true) : x.alias();
        if (conv is not null)
        {
            y = conv.forward(y);
        }

        // call(), not forward(): BN recalibration observes BN inputs through forward hooks.
        return act_func.Apply(bn.call(y)).MoveToOuterDisposeScope();
    }
}
