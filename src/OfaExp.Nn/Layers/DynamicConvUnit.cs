using OfaExp.Core.Costs;

using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// One part of an elastic MBConv, OFA's nn.Sequential(conv, bn, act[, se]) of dynamic ops: the conv decides the active
/// width or kernel (set by the owning layer), BN and SE follow the width of their input. Holding the ops as named
/// children keeps the reference's names (depth_conv.conv.conv.weight, depth_conv.bn.bn.running_mean, depth_conv.se.fc...).
/// </summary>
public sealed class DynamicConvUnit : ExplicitModule
{
    public DynamicConvUnit(nn.Module<Tensor, Tensor> conv, DynamicBatchNorm2d bn, ActivationKind activation, DynamicSe? se = null)
        : base(nameof(DynamicConvUnit))
    {
        this.conv = conv;
        this.bn = bn;
        act_func = activation;
        this.se = se;
        register_module("conv", conv);
        register_module("bn", bn);
        if (se is not null)
        {
            register_module("se", se);
        }
    }

    public nn.Module<Tensor, Tensor> conv { get; }

    public DynamicBatchNorm2d bn { get; }

    public ActivationKind act_func { get; }

    public DynamicSe? se { get; }

    public override Tensor forward(Tensor x) => ConvTail.Apply(conv.forward(x), bn, act_func, se);
}
