using OfaExp.Core.Costs;

using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// What follows the convolution in OFA's "weight_bn_act" layers, static and dynamic alike: BN, activation, then
/// squeeze-excite, each optional, disposing every intermediate as soon as the next one exists.
/// </summary>
public static class ConvTail
{
    /// <param name="convolved">The convolution's output; disposed here unless it is returned unchanged.</param>
    public static Tensor Apply(Tensor convolved, nn.Module<Tensor, Tensor>? bn, ActivationKind activation, nn.Module<Tensor, Tensor>? se)
    {
        ArgumentNullException.ThrowIfNull(convolved);
        var y = convolved;
        if (bn is not null)
        {
            // call(), not forward(): BN recalibration observes BN inputs through forward hooks.
            using var input = y;
            y = bn.call(input);
        }

        if (activation != ActivationKind.None)
        {
            using var normalised = y;
            y = activation.Apply(normalised);
        }

        if (se is not null)
        {
            using var activated = y;
            y = se.call(activated);
        }

        return y;
    }
}
