using System.Buffers;
using SkiaSharp;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The fast path of <see cref="FolderImageDecoder"/> for RGB and grayscale JPEGs: Skia's scanline decoder (over
/// libjpeg-turbo) decodes only the region's columns (jpeg_crop_scanline), skips the rows above it without colour
/// conversion and stops after its last row, where libvips decodes whole rows from the top down to the region's
/// bottom. The pixels are libjpeg-turbo's either way (the tests compare the two paths byte for byte), so which path
/// decoded an image never changes a sample. Returns null whenever Skia declines or reports anything unusual
/// (truncated data, an unsupported subset, another scaled size): libvips then decodes the image and words any error.
/// </summary>
internal static class SkiaJpegRegion
{
    /// <param name="bounds">The region, in the coordinates of libvips' decoded size (floor(size / shrink)).</param>
    public static DecodedRegion? TryDecode(ReadOnlySpan<byte> jpeg, int shrink, RegionBounds bounds)
    {
        var (y0, x0, y1, x1) = (bounds.Y0, bounds.X0, bounds.Y1, bounds.X1);
        SKData data;
        unsafe
        {
            fixed (byte* p = jpeg)
            {
                data = SKData.CreateCopy((IntPtr)p, jpeg.Length);
            }
        }

        using (data)
        using (var codec = SKCodec.Create(data))
        {
            if (codec is null)
            {
                return null;
            }

            // libjpeg's scaled sizes round up; libvips crops them to floor, which the region's coordinates use.
            var size = shrink == 1 ? codec.Info.Size : codec.GetScaledDimensions(1f / shrink);
            if (size.Height != (codec.Info.Height + shrink - 1) / shrink || size.Width != (codec.Info.Width + shrink - 1) / shrink)
            {
                return null;
            }

            var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
            if (codec.StartScanlineDecode(info, new SKCodecOptions(new SKRectI(x0, 0, x1, size.Height))) != SKCodecResult.Success)
            {
                return null;
            }

            // Rows as wide as the whole image: Skia writes the subset's columns at the start of each row, but fills the
            // rows of a truncated file at the image's full width.
            var (rows, rowBytes) = (y1 - y0, (int)info.RowBytes);
            var pixels = ArrayPool<byte>.Shared.Rent(rows * rowBytes);
            var region = new DecodedRegion(pixels, rows, x1 - x0, 4, bounds.Window, shrink, rowBytes, pooled: true);
            try
            {
                if (y0 > 0 && !codec.SkipScanlines(y0))
                {
                    region.Dispose();
                    return null;
                }

                int decoded;
                unsafe
                {
                    fixed (byte* p = pixels)
                    {
                        decoded = codec.GetScanlines((IntPtr)p, rows, rowBytes);
                    }
                }

                if (decoded != rows)
                {
                    region.Dispose();
                    return null;
                }

                return region;
            }
            catch
            {
                region.Dispose();
                throw;
            }
        }
    }
}
