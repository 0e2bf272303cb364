namespace OfaExp.Core.Costs;

/// <summary>Channel arithmetic shared with the OFA reference code.</summary>
public static class Channels
{
    /// <summary>OFA's (and TF-slim's) CHANNEL_DIVISIBLE: every width is a multiple of this.</summary>
    public const int Divisor = 8;

    /// <summary>OFA's SELayer.REDUCTION: the squeeze width is the channel count over this.</summary>
    public const int SeReduction = 4;

    /// <summary>
    /// OFA's make_divisible: round <paramref name="value"/> to the nearest multiple of <paramref name="divisor"/>
    /// (halves up), at least <paramref name="minValue"/> (default: the divisor), and never more than 10% below the value.
    /// </summary>
    public static int MakeDivisible(double value, int divisor = Divisor, int? minValue = null)
    {
        var min = minValue ?? divisor;
        var rounded = Math.Max(min, (int)(value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value)
        {
            rounded += divisor;
        }

        return rounded;
    }

    /// <summary>
    /// The middle (expanded) width of an MBConv block: the input width at expand 1 (no inverted bottleneck), else
    /// make_divisible(in x expand). The networks and the cost model share it, so they count the same widths.
    /// </summary>
    public static int MbConvMiddle(int inChannels, int expandRatio) =>
        expandRatio == 1 ? inChannels : MakeDivisible(inChannels * expandRatio);

    /// <summary>The squeeze width of OFA's squeeze-excite on <paramref name="channel"/> channels (integer division first, as OFA does).</summary>
    public static int SeMiddle(int channel) => MakeDivisible(channel / SeReduction);
}
