namespace OfaExp.Data;

/// <summary>Per-channel mean and standard deviation (pixel scale [0, 1]) used to normalise network inputs.</summary>
public sealed record ChannelStats(IReadOnlyList<float> Mean, IReadOnlyList<float> Std)
{
    public int Channels => Mean.Count;

    /// <summary>byte -> normalised float for every channel, indexed [channel * 256 + value].</summary>
    public float[] BuildLookup()
    {
        var lut = new float[Channels * 256];
        for (var c = 0; c < Channels; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                lut[c * 256 + v] = (v / 255f - Mean[c]) / Std[c];
            }
        }

        return lut;
    }
}
