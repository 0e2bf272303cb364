using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Layers;

/// <summary>
/// OFA's DynamicConv2d: a 1x1 convolution whose weight is stored at the maximal widths; a narrower subnet uses the
/// first <see cref="active_out_channel"/> output and the first x.size(1) input channels. At full width the stored
/// weight is used as is, so the maximal network pays nothing for being elastic.
/// </summary>
public sealed class DynamicConv2d : ExplicitModule
{
    public DynamicConv2d(int maxInChannels, int maxOutChannels)
        : base(nameof(DynamicConv2d))
    {
        max_in_channels = maxInChannels;
        max_out_channels = maxOutChannels;
        active_out_channel = maxOutChannels;
        conv = nn.Conv2d(maxInChannels, maxOutChannels, 1, bias: false);
        register_module("conv", conv);
    }

    public int max_in_channels { get; }

    public int max_out_channels { get; }

    /// <summary>Output width of the next forward; the parent layer sets it, as OFA's DynamicMBConvLayer does.</summary>
    public int active_out_channel { get; set; }

    public Conv2d conv { get; }

    /// <summary>The first <paramref name="outChannel"/> x <paramref name="inChannel"/> filters: a view of the stored weight, a new handle the caller disposes.</summary>
    public Tensor GetActiveFilter(int outChannel, int inChannel) =>
        outChannel == max_out_channels && inChannel == max_in_channels
            ? conv.weight!.alias()
            : conv.weight!.narrow(0, 0, outChannel).narrow(1, 0, inChannel);

    public override Tensor forward(Tensor x)
    {
        var inChannel = (int)x.shape[1];
        if (active_out_channel == max_out_channels && inChannel == max_in_channels)
        {
            return conv.forward(x);
        }

        using var filter = GetActiveFilter(active_out_channel, inChannel);
        return nn.functional.conv2d(x, filter);
    }
}
