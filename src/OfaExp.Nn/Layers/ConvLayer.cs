using OfaExp.Core.Costs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's ConvLayer in "weight_bn_act" order, optionally followed by SE: conv (same padding, no bias) -> bn -> act -> se.
/// Used for first_conv, final_expand_layer, feature_mix_layer (no BN) and the three parts of an MBConv. Each op is its
/// own named submodule so an elastic version can slice conv.weight and bn's tensors in place.
/// </summary>
public sealed class ConvLayer : ExplicitModule
{
    public ConvLayer(
        int inChannels,
        int outChannels,
        int kernelSize,
        int stride,
        ActivationKind activation,
        BatchNormSettings? batchNorm,
        int groups = 1,
        bool useSe = false)
        : base(nameof(ConvLayer))
    {
        in_channels = inChannels;
        out_channels = outChannels;
        kernel_size = kernelSize;
        this.stride = stride;
        act_func = activation;
        conv = nn.Conv2d(inChannels, outChannels, kernelSize, stride: stride, padding: kernelSize / 2, groups: groups, bias: false);
        register_module("conv", conv);
        if (batchNorm is not null)
        {
            bn = nn.BatchNorm2d(outChannels, eps: batchNorm.Eps, momentum: batchNorm.Momentum);
            register_module("bn", bn);
        }

        if (useSe)
        {
            se = new SeModule(outChannels);
            register_module("se", se);
        }
    }

    public int in_channels { get; }

    public int out_channels { get; }

    public int kernel_size { get; }

    public int stride { get; }

    public ActivationKind act_func { get; }

    public Conv2d conv { get; }

    public BatchNorm2d? bn { get; }

    public SeModule? se { get; }

    /// <summary>
    /// How many taps can be cut from each border of a k x k kernel (stride s, same padding) without changing the
    /// output for an h x w input: taps that only ever meet zero padding. A 7x7 depthwise kernel on a 2x2 map only
    /// uses its centre 3x3, on a 1x1 map only its centre; cutting them skips work that libtorch's CPU depthwise
    /// weight gradient spends mostly on padding. The cut taps still get a zero gradient, exactly as before.
    /// </summary>
    public static int UnusedBorder(int kernelSize, int stride, int height, int width)
    {
        static int PerAxis(int k, int s, int n)
        {
            var pad = k / 2;
            var outSize = ((n + (2 * pad) - k) / s) + 1;
            var unusedLeading = Math.Max(0, pad - ((outSize - 1) * s));
            var unusedTrailing = Math.Max(0, pad - (n - 1));
            return Math.Min(unusedLeading, unusedTrailing);
        }

        return Math.Min(PerAxis(kernelSize, stride, height), PerAxis(kernelSize, stride, width));
    }

    public override Tensor forward(Tensor x) => ConvTail.Apply(Convolve(x), bn, act_func, se);

    private Tensor Convolve(Tensor x)
    {
        var cut = kernel_size == 1 ? 0 : UnusedBorder(kernel_size, stride, (int)x.shape[2], (int)x.shape[3]);
        if (cut == 0)
        {
            return conv.forward(x);
        }

        var k = kernel_size - (2 * cut);
        using var weight = conv.weight!.narrow(2, cut, k).narrow(3, cut, k);
        return nn.functional.conv2d(x, weight, strides: [stride, stride], padding: [k / 2, k / 2], groups: conv.groups);
    }
}
