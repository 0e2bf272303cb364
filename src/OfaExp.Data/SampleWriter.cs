namespace OfaExp.Data;

/// <summary>Writes one image into a batch row: HWC bytes -> normalised CHW floats, optionally cropped and flipped.</summary>
internal sealed class SampleWriter
{
    private readonly ImageSet _set;
    private readonly float[] _lookup;

    public SampleWriter(ImageSet set, ChannelStats stats)
    {
        if (stats.Channels != set.Channels)
        {
            throw new ArgumentException($"Normalisation has {stats.Channels} channels, the images {set.Channels}.", nameof(stats));
        }

        _set = set;
        _lookup = stats.BuildLookup();
    }

    /// <summary>
    /// Output pixel (y, x) takes source pixel (y + offsetY - padding, x + offsetX - padding), mirrored first when
    /// <paramref name="flip"/>; pixels outside the source are zero bytes, as torchvision pads before normalising.
    /// </summary>
    public void Write(int sample, Span<float> destination, int padding, int offsetY, int offsetX, bool flip)
    {
        int h = _set.Height, w = _set.Width, c = _set.Channels;
        var src = _set.Image(sample);
        var lut = _lookup;
        for (var ch = 0; ch < c; ch++)
        {
            var plane = destination.Slice(ch * h * w, h * w);
            var zero = lut[ch * 256];
            var lutBase = ch * 256;
            for (var y = 0; y < h; y++)
            {
                var sy = y + offsetY - padding;
                var row = plane.Slice(y * w, w);
                if ((uint)sy >= (uint)h)
                {
                    row.Fill(zero);
                    continue;
                }

                var srcRow = sy * w * c;
                for (var x = 0; x < w; x++)
                {
                    var sx = (flip ? w - 1 - x : x) + offsetX - padding;
                    row[x] = (uint)sx < (uint)w ? lut[lutBase + src[srcRow + sx * c + ch]] : zero;
                }
            }
        }
    }
}
