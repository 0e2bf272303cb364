namespace OfaExp.Data;

/// <summary>
/// Writes one image into a batch row: HWC bytes -> normalised CHW floats, through one sample's draw of the training
/// transform (padded crop or resized crop, flip) or unchanged.
/// </summary>
internal sealed class SampleWriter
{
    private readonly ImageSet _set;
    private readonly float[] _lookup;
    private readonly ChannelStats _stats;

    public SampleWriter(ImageSet set, ChannelStats stats)
    {
        if (stats.Channels != set.Channels)
        {
            throw new ArgumentException($"Normalisation has {stats.Channels} channels, the images {set.Channels}.", nameof(stats));
        }

        _set = set;
        _lookup = stats.BuildLookup();
        _stats = stats;
    }

    /// <summary>Writes <paramref name="sample"/> as <paramref name="draw"/> transforms it; <paramref name="padding"/> is the padded crop's.</summary>
    public void Write(int sample, Span<float> destination, SampleAugment draw, int padding)
    {
        if (draw.Resized)
        {
            WriteResized(sample, destination, draw.OffsetY, draw.OffsetX, draw.CropHeight, draw.CropWidth, draw.Mirrored);
        }
        else
        {
            Write(sample, destination, padding, draw.OffsetY, draw.OffsetX, draw.Mirrored);
        }
    }

    /// <summary>
    /// The source window (top, left, cropHeight x cropWidth) resized bilinearly to the image size, mirrored after the
    /// resize when <paramref name="flip"/>: half-pixel centres and edge clamping as torch's interpolate with
    /// align_corners=False (no antialiasing). Interpolating bytes, then normalising, equals interpolating the
    /// normalised values because normalisation is affine.
    /// </summary>
    public void WriteResized(int sample, Span<float> destination, int top, int left, int cropHeight, int cropWidth, bool flip)
    {
        int h = _set.Height, w = _set.Width, c = _set.Channels;
        var src = _set.Image(sample);
        Span<int> x0 = stackalloc int[w];
        Span<int> x1 = stackalloc int[w];
        Span<float> wx = stackalloc float[w];
        var scaleX = (double)cropWidth / w;
        for (var x = 0; x < w; x++)
        {
            var sx = Math.Max((x + 0.5) * scaleX - 0.5, 0);
            var i0 = Math.Min((int)sx, cropWidth - 1);
            x0[x] = left + i0;
            x1[x] = left + Math.Min(i0 + 1, cropWidth - 1);
            wx[x] = (float)(sx - i0);
        }

        var scaleY = (double)cropHeight / h;
        for (var ch = 0; ch < c; ch++)
        {
            var plane = destination.Slice(ch * h * w, h * w);
            var scale = 1f / (255f * _stats.Std[ch]);
            var shift = -_stats.Mean[ch] / _stats.Std[ch];
            for (var y = 0; y < h; y++)
            {
                var sy = Math.Max((y + 0.5) * scaleY - 0.5, 0);
                var j0 = Math.Min((int)sy, cropHeight - 1);
                var wy = (float)(sy - j0);
                var row0 = (top + j0) * w * c;
                var row1 = (top + Math.Min(j0 + 1, cropHeight - 1)) * w * c;
                var row = plane.Slice(y * w, w);
                for (var x = 0; x < w; x++)
                {
                    var tx = flip ? w - 1 - x : x;
                    float a = src[row0 + x0[tx] * c + ch], b = src[row0 + x1[tx] * c + ch];
                    float d = src[row1 + x0[tx] * c + ch], e = src[row1 + x1[tx] * c + ch];
                    var upper = a + (b - a) * wx[tx];
                    var lower = d + (e - d) * wx[tx];
                    row[x] = (upper + (lower - upper) * wy) * scale + shift;
                }
            }
        }
    }

    /// <summary>
    /// Output pixel (y, x) takes source pixel (y + offsetY - padding, x + offsetX - padding), mirrored first when
    /// <paramref name="flip"/>; pixels outside the source are zero bytes, as torchvision pads before normalising.
    /// </summary>
    private void Write(int sample, Span<float> destination, int padding, int offsetY, int offsetX, bool flip)
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
