using OfaExp.Core.Costs;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>Applies an <see cref="ActivationKind"/> functionally: activations hold no state, so they are not submodules.</summary>
internal static class Activations
{
    public static Tensor Apply(this ActivationKind kind, Tensor x) => kind switch
    {
        ActivationKind.None => x,
        ActivationKind.Relu => nn.functional.relu(x),

        // x * relu6(x + 3) / 6, OFA's Hswish.
        ActivationKind.HSwish => nn.functional.hardswish(x),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
