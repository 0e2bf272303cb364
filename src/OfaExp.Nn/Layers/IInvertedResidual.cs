namespace OfaExp.Nn.Layers;

/// <summary>The shape facts a residual wrapper needs from an MBConv (static or elastic): whether identity fits.</summary>
public interface IInvertedResidual
{
    int in_channels { get; }

    int out_channels { get; }

    int stride { get; }
}
