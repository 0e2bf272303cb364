namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Resizes a decoded region's crop window to resolution x resolution, bilinearly with half-pixel centres and edge
/// clamping (torch's interpolate, align_corners=False, as <see cref="SampleWriter"/>), mirrored when the window says
/// so, and writes normalised CHW floats. The decoder's DCT shrink keeps the downscale under 2x, where bilinear
/// without antialiasing loses little. A colour jitter, when given, adjusts each resampled pixel before it is normalised.
/// </summary>
internal static class RegionResampler
{
    public static void Write(DecodedRegion region, int resolution, ChannelStats stats, Span<float> destination, ColorJitterDraw? jitter = null)
    {
        var window = region.Window;
        int h = region.Height, w = region.Width, res = resolution, pixel = region.PixelBytes, stride = region.RowBytes;
        var src = region.Pixels;
        Span<int> x0 = stackalloc int[res];
        Span<int> x1 = stackalloc int[res];
        Span<float> wx = stackalloc float[res];
        var scaleX = window.Width / res;
        for (var x = 0; x < res; x++)
        {
            var sx = Math.Clamp(window.Left + ((x + 0.5) * scaleX) - 0.5, 0, w - 1);
            var i0 = (int)sx;
            var column = window.Flip ? res - 1 - x : x;
            x0[column] = i0 * pixel;
            x1[column] = Math.Min(i0 + 1, w - 1) * pixel;
            wx[column] = (float)(sx - i0);
        }

        var scaleY = window.Height / res;
        for (var ch = 0; ch < 3; ch++)
        {
            var plane = destination.Slice(ch * res * res, res * res);

            // With a jitter the planes first hold 0..255 values; Jitter normalises them once all three exist.
            var scale = jitter is null ? 1f / (255f * stats.Std[ch]) : 1f;
            var shift = jitter is null ? -stats.Mean[ch] / stats.Std[ch] : 0f;
            for (var y = 0; y < res; y++)
            {
                var sy = Math.Clamp(window.Top + ((y + 0.5) * scaleY) - 0.5, 0, h - 1);
                var j0 = (int)sy;
                var wy = (float)(sy - j0);
                var row0 = (j0 * stride) + ch;
                var row1 = (Math.Min(j0 + 1, h - 1) * stride) + ch;
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

        if (jitter is { } draw)
        {
            Jitter(draw, res * res, stats, destination);
        }
    }

    private static void Jitter(ColorJitterDraw draw, int pixels, ChannelStats stats, Span<float> destination)
    {
        var red = destination[..pixels];
        var green = destination.Slice(pixels, pixels);
        var blue = destination.Slice(2 * pixels, pixels);
        float scaleR = 1f / (255f * stats.Std[0]), scaleG = 1f / (255f * stats.Std[1]), scaleB = 1f / (255f * stats.Std[2]);
        float shiftR = -stats.Mean[0] / stats.Std[0], shiftG = -stats.Mean[1] / stats.Std[1], shiftB = -stats.Mean[2] / stats.Std[2];
        for (var i = 0; i < pixels; i++)
        {
            float r = red[i], g = green[i], b = blue[i];
            draw.Apply(ref r, ref g, ref b);
            red[i] = (r * scaleR) + shiftR;
            green[i] = (g * scaleG) + shiftG;
            blue[i] = (b * scaleB) + shiftB;
        }
    }
}
