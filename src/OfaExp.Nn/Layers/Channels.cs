namespace OfaExp.Nn.Layers;

/// <summary>Channel arithmetic shared with the OFA reference code.</summary>
public static class Channels
{
    /// <summary>OFA's (and TF-slim's) CHANNEL_DIVISIBLE: every width is a multiple of this.</summary>
    public const int Divisor = 8;

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
}
