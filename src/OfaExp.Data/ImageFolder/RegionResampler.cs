namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Resizes a decoded region's crop window to resolution x resolution, bilinearly with half-pixel centres and edge
/// clamping (torch's interpolate, align_corners=False, as <see cref="SampleWriter"/>), mirrored when the window says
/// so, and writes normalised CHW floats. The decoder's DCT shrink keeps the downscale under 2x, where bilinear
/// without antialiasing loses little.
/// </summary>
internal static class RegionResampler
{
    public static void Write(DecodedRegion region, int resolution, ChannelStats stats, Span<float> destination)
    {
        var window = region.Window;
        int h = region.Height, w = region.Width, res = resolution;
        var src = region.Rgb;
        Span<int> x0 = stackalloc int[res];
        Span<int> x1 = stackalloc int[res];
        Span<float> wx = stackalloc float[res];
        var scaleX = window.Width / res;
        for (var x = 0; x < res; x++)
        {
            var sx = Math.Clamp(window.Left + ((x + 0.5) * scaleX) - 0.5, 0, w - 1);
            var i0 = (int)sx;
            var column = window.Flip ? res - 1 - x : x;
            x0[column] = i0 * 3;
            x1[column] = Math.Min(i0 + 1, w - 1) * 3;
            wx[column] = (float)(sx - i0);
        }

        var scaleY = window.Height / res;
        for (var ch = 0; ch < 3; ch++)
        {
            var plane = destination.Slice(ch * res * res, res * res);
            var scale = 1f / (255f * stats.Std[ch]);
            var shift = -stats.Mean[ch] / stats.Std[ch];
            for (var y = 0; y < res; y++)
            {
                var sy = Math.Clamp(window.Top + ((y + 0.5) * scaleY) - 0.5, 0, h - 1);
                var j0 = (int)sy;
                var wy = (float)(sy - j0);
                var row0 = j0 * w * 3 + ch;
                var row1 = Math.Min(j0 + 1, h - 1) * w * 3 + ch;
                var row = plane.Slice(y * res, res);
                for (var x = 0; x < res; x++)
                {
                    float a = src[row0 + x0[x]], b = src[row0 + x1[x]];
                    float d = src[row1 + x0[x]], e = src[row1 + x1[x]];
                    var upper = a + ((b - a) * wx[x]);
                    var lower = d + ((e - d) * wx[x]);
                    row[x] = ((upper + ((lower - upper) * wy)) * scale) + shift;
                }
            }
        }
    }
}
