using TorchSharp;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's ResidualBlock: conv(x) plus an identity shortcut when the block keeps shape (stride 1, same width). Generic
/// over the MBConv so that the static <see cref="MbConvLayer"/> and the elastic <see cref="DynamicMbConvLayer"/> share
/// it and parameter names stay blocks.N.conv.*, as in the reference.
/// </summary>
public sealed class ResidualBlock<TConv> : ExplicitModule
    where TConv : nn.Module<Tensor, Tensor>, IInvertedResidual
{
    public ResidualBlock(TConv conv, bool hasShortcut)
        : base("ResidualBlock")
    {
        ArgumentNullException.ThrowIfNull(conv);
        if (hasShortcut && (conv.stride != 1 || conv.in_channels != conv.out_channels))
        {
            throw new ArgumentException("An identity shortcut needs stride 1 and equal in/out widths.", nameof(hasShortcut));
        }

        this.conv = conv;
        has_shortcut = hasShortcut;
        register_module("conv", conv);
    }

    public TConv conv { get; }

    public bool has_shortcut { get; }

    /// <summary>
    /// The shortcut's alpha, held: TorchSharp's add_(Tensor) passes a temporary Scalar 1 whose handle the native call
    /// reads after nothing references the Scalar, so a GC can finalise it mid-call (the 'toFloat ... Expected false to
    /// be true' failure OfaInit guards against too). A static one stays alive.
    /// </summary>
    private static readonly Scalar One = 1.ToScalar();

    public override Tensor forward(Tensor x) => has_shortcut ? conv.forward(x).add_(x, One) : conv.forward(x);
}
