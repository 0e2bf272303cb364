using OfaExp.Core.Costs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's DynamicSE: squeeze-excite stored at the maximal width (reduce: C -> make_divisible(C / 4), expand back).
/// For an input of width c it uses reduce.weight[:m, :c], reduce.bias[:m], expand.weight[:c, :m], expand.bias[:c]
/// with m = make_divisible(c / 4). Parameter names (fc.reduce.weight, ...) follow the reference.
/// </summary>
public sealed class DynamicSe : ExplicitModule
{
    public DynamicSe(int maxChannel)
        : base(nameof(DynamicSe))
    {
        max_channel = maxChannel;
        max_mid_channel = MidChannels(maxChannel);
        reduce = nn.Conv2d(maxChannel, max_mid_channel, 1, bias: true);
        expand = nn.Conv2d(max_mid_channel, maxChannel, 1, bias: true);
        fc = nn.Sequential(("reduce", reduce), ("relu", nn.ReLU()), ("expand", expand), ("h_sigmoid", nn.Hardsigmoid()));
        register_module("fc", fc);
    }

    public int max_channel { get; }

    public int max_mid_channel { get; }

    public Conv2d reduce { get; }

    public Conv2d expand { get; }

    private Sequential fc { get; }

    /// <summary>The squeeze width for <paramref name="channel"/> input channels (OFA: make_divisible(c // 4)).</summary>
    public static int MidChannels(int channel) => Channels.SeMiddle(channel);

    public override Tensor forward(Tensor x)
    {
        var channel = (int)x.shape[1];
        using var pooled = x.mean([2, 3], keepdim: true);
        if (channel == max_channel)
        {
            using var r = reduce.forward(pooled);
            using var a = nn.functional.relu(r);
            using var e = expand.forward(a);
            using var g = nn.functional.hardsigmoid(e);
            return x * g;
        }

        var mid = MidChannels(channel);
        using var reduceWeight = reduce.weight!.narrow(0, 0, mid).narrow(1, 0, channel);
        using var reduceBias = reduce.bias!.narrow(0, 0, mid);
        using var expandWeight = expand.weight!.narrow(0, 0, channel).narrow(1, 0, mid);
        using var expandBias = expand.bias!.narrow(0, 0, channel);
        using var rs = nn.functional.conv2d(pooled, reduceWeight, reduceBias);
        using var acts = nn.functional.relu(rs);
        using var es = nn.functional.conv2d(acts, expandWeight, expandBias);
        using var gs = nn.functional.hardsigmoid(es);
        return x * gs;
    }
}
