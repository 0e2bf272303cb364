using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>OFA's ResidualBlock: conv(x) plus an identity shortcut when the block keeps shape (stride 1, same width).</summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    public ResidualBlock(MbConvLayer conv, bool hasShortcut)
        : base(nameof(ResidualBlock))
    {
        if (hasShortcut && (conv.stride != 1 || conv.in_channels != conv.out_channels))
        {
            throw new ArgumentException("An identity shortcut needs stride 1 and equal in/out widths.", nameof(hasShortcut));
        }

        this.conv = conv;
        has_shortcut = hasShortcut;
        register_module("conv", conv);
    }

    public MbConvLayer conv { get; }

    public bool has_shortcut { get; }

    public override Tensor forward(Tensor x) => has_shortcut ? conv.forward(x) + x : conv.forward(x);
}
