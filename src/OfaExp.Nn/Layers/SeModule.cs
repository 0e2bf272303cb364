using OfaExp.Core.Costs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// Squeeze-and-excite as in OFA's SEModule: global average pool, 1x1 "reduce" conv to make_divisible(C / 4) with bias,
/// ReLU, 1x1 "expand" conv back to C with bias, hard-sigmoid gate. The convs sit in an <c>fc</c> container so that
/// parameter names read fc.reduce.weight etc., like the reference.
/// </summary>
public sealed class SeModule : ExplicitModule
{
    public const int REDUCTION = Channels.SeReduction;

    public SeModule(int channel)
        : base(nameof(SeModule))
    {
        this.channel = channel;
        mid_channel = Channels.SeMiddle(channel);
        reduce = nn.Conv2d(channel, mid_channel, 1, bias: true);
        expand = nn.Conv2d(mid_channel, channel, 1, bias: true);
        fc = nn.Sequential(("reduce", reduce), ("relu", nn.ReLU()), ("expand", expand), ("h_sigmoid", nn.Hardsigmoid()));
        register_module("fc", fc);
    }

    public int channel { get; }

    public int mid_channel { get; }

    public Conv2d reduce { get; }

    public Conv2d expand { get; }

    private Sequential fc { get; }

    public override Tensor forward(Tensor x)
    {
        var y = x.mean([2, 3], keepdim: true);
        y = nn.functional.relu(reduce.forward(y));
        y = nn.functional.hardsigmoid(expand.forward(y));
        return x * y;
    }
}
