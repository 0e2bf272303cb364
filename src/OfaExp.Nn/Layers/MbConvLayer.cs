using OfaExp.Core.Costs;

using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's MBConvLayer (inverted residual): inverted_bottleneck (1x1 expand, BN, act; absent when expand ratio is 1),
/// depth_conv (k x k depthwise with the stride, BN, act, optional SE) and point_linear (1x1 projection, BN, no act).
/// Middle width = make_divisible(round(in x expand)), as OFA's dynamic layer computes it for any active expand ratio.
/// </summary>
public sealed class MbConvLayer : ExplicitModule, IInvertedResidual
{
    public MbConvLayer(
        int inChannels,
        int outChannels,
        int kernelSize,
        int stride,
        int expandRatio,
        ActivationKind activation,
        bool useSe,
        BatchNormSettings batchNorm)
        : base(nameof(MbConvLayer))
    {
        in_channels = inChannels;
        out_channels = outChannels;
        kernel_size = kernelSize;
        this.stride = stride;
        expand_ratio = expandRatio;
        act_func = activation;
        use_se = useSe;
        mid_channels = MiddleChannels(inChannels, expandRatio);

        if (expandRatio != 1)
        {
            inverted_bottleneck = new ConvLayer(inChannels, mid_channels, 1, 1, activation, batchNorm);
            register_module("inverted_bottleneck", inverted_bottleneck);
        }

        depth_conv = new ConvLayer(mid_channels, mid_channels, kernelSize, stride, activation, batchNorm, groups: mid_channels, useSe: useSe);
        register_module("depth_conv", depth_conv);
        point_linear = new ConvLayer(mid_channels, outChannels, 1, 1, ActivationKind.None, batchNorm);
        register_module("point_linear", point_linear);
    }

    public int in_channels { get; }

    public int out_channels { get; }

    public int kernel_size { get; }

    public int stride { get; }

    public int expand_ratio { get; }

    public int mid_channels { get; }

    public ActivationKind act_func { get; }

    public bool use_se { get; }

    public ConvLayer? inverted_bottleneck { get; }

    public ConvLayer depth_conv { get; }

    public ConvLayer point_linear { get; }

    /// <summary>The expanded width for <paramref name="expandRatio"/>; expand 1 keeps the input width (no 1x1 expand conv).</summary>
    public static int MiddleChannels(int inChannels, int expandRatio) => Channels.MbConvMiddle(inChannels, expandRatio);

    public override Tensor forward(Tensor x)
    {
        if (inverted_bottleneck is not null)
        {
            x = inverted_bottleneck.forward(x);
        }

        return point_linear.forward(depth_conv.forward(x));
    }
}
