using System.Buffers.Binary;
using System.Runtime.Intrinsics;

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
        if (pixel == 4)
        {
            WriteRgbx(region, res, stats, destination, x0, x1, wx, scaleY, jitter is null);
        }
        else
        {
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
        }

        if (jitter is { } draw)
        {
            Jitter(draw, res * res, stats, destination);
        }
    }

    // The RGBx layout of the fast JPEG path: the three channels of a pixel interpolate at once in one vector, with
    // the scalar path's operations in the scalar path's order (no fused multiply-add), so the values are the same.
    private static void WriteRgbx(
        DecodedRegion region, int res, ChannelStats stats, Span<float> destination, ReadOnlySpan<int> x0, ReadOnlySpan<int> x1,
        ReadOnlySpan<float> wx, double scaleY, bool normalise)
    {
        var (window, h, stride, src) = (region.Window, region.Height, region.RowBytes, region.Pixels);
        var scale = normalise
            ? Vector128.Create(1f / (255f * stats.Std[0]), 1f / (255f * stats.Std[1]), 1f / (255f * stats.Std[2]), 0f)
            : Vector128.Create(1f);
        var shift = normalise
            ? Vector128.Create(-stats.Mean[0] / stats.Std[0], -stats.Mean[1] / stats.Std[1], -stats.Mean[2] / stats.Std[2], 0f)
            : Vector128<float>.Zero;
        var plane = res * res;
        var red = destination[..plane];
        var green = destination.Slice(plane, plane);
        var blue = destination.Slice(2 * plane, plane);
        for (var y = 0; y < res; y++)
        {
            var sy = Math.Clamp(window.Top + ((y + 0.5) * scaleY) - 0.5, 0, h - 1);
            var j0 = (int)sy;
            var wy = Vector128.Create((float)(sy - j0));
            var upperRow = src.AsSpan(j0 * stride, stride);
            var lowerRow = src.AsSpan(Math.Min(j0 + 1, h - 1) * stride, stride);
            var at = y * res;
            for (var x = 0; x < res; x++)
            {
                var w = Vector128.Create(wx[x]);
                var (a, b) = (Pixel(upperRow, x0[x]), Pixel(upperRow, x1[x]));
                var (d, e) = (Pixel(lowerRow, x0[x]), Pixel(lowerRow, x1[x]));
                var upper = a + ((b - a) * w);
                var lower = d + ((e - d) * w);
                var value = ((upper + ((lower - upper) * wy)) * scale) + shift;
                red[at + x] = value.GetElement(0);
                green[at + x] = value.GetElement(1);
                blue[at + x] = value.GetElement(2);
            }
        }
    }

    private static Vector128<float> Pixel(ReadOnlySpan<byte> row, int offset)
    {
        var bytes = Vector128.CreateScalarUnsafe(BinaryPrimitives.ReadUInt32LittleEndian(row[offset..])).AsByte();
        return Vector128.ConvertToSingle(Vector128.WidenLower(Vector128.WidenLower(bytes)).AsInt32());
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
