using OfaExp.Core.Errors;
using NetVips;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Decodes the part of one JPEG or PNG file that a crop window needs, as RGB bytes, through libvips. The format is
/// sniffed from the bytes, not the extension. Grayscale, CMYK (through lcms), 16-bit and palette images become 8-bit
/// sRGB; alpha is dropped (as PIL's convert("RGB")); EXIF orientation is ignored (as torchvision's loader).
/// A JPEG is decoded at 1/2, 1/4 or 1/8 scale in the DCT domain when the window still covers the output resolution
/// at that scale, and at a scale that keeps it under <see cref="MaxDecodedPixels"/>; a PNG (no scaled decode) over
/// that limit, a file over <see cref="MaxFileBytes"/>, an empty, truncated or corrupt file, or one that is neither JPEG
/// nor PNG is refused: an <see cref="OfaExpException"/> (exit 2) naming the file, never a crash or a hang.
/// </summary>
internal static class FolderImageDecoder
{
    /// <summary>40 megapixels (120 MB of RGB per decode thread): a JPEG of 17,800 x 17,800 decodes at 1/8 under it.</summary>
    public const long MaxDecodedPixels = 40_000_000;

    public const long MaxFileBytes = 256L << 20;

    private const string Advice = "Replace or remove the file (every file under train/ and val/ with a .jpg, .jpeg or .png name is read).";

    static FolderImageDecoder()
    {
        // Our decode threads are the parallelism: vips's own pool would oversubscribe the cores, and its operation
        // cache would keep every decoded image alive.
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        NetVips.NetVips.Concurrency = 1;
    }

    /// <param name="window">The crop window, from the full-size image's height and width.</param>
    /// <param name="resolution">The output side the window is resized to (fixes how far a JPEG may be shrunk).</param>
    /// <exception cref="OfaExpException">The file cannot be read or decoded, or is too large (exit 2).</exception>
    public static DecodedRegion Decode(string path, Func<int, int, CropWindow> window, int resolution)
    {
        var bytes = Read(path);
        var format = ImageFormats.Sniff(bytes);
        if (format == ImageFormatSniff.Unknown)
        {
            throw Bad(path, bytes.Length == 0 ? "it is empty (0 bytes)" : "it is neither a JPEG nor a PNG (by its first bytes)");
        }

        try
        {
            int fullHeight, fullWidth;
            using (var header = Load(bytes, format, 1))
            {
                fullHeight = header.Height;
                fullWidth = header.Width;
            }

            var crop = window(fullHeight, fullWidth);
            var shrink = format == ImageFormatSniff.Jpeg ? ShrinkFor(crop, resolution, fullHeight, fullWidth) : 1;
            if (Pixels(fullHeight, fullWidth, shrink) > MaxDecodedPixels)
            {
                throw Bad(path, $"it is {fullWidth} x {fullHeight} pixels, more than the {MaxDecodedPixels / 1_000_000} megapixels "
                    + (format == ImageFormatSniff.Png ? "a PNG may have (PNGs cannot be decoded at reduced scale)" : "a JPEG may have at 1/8 scale")
                    + ". Downscale it");
            }

            using var image = Load(bytes, format, shrink);
            double scaleY = (double)image.Height / fullHeight, scaleX = (double)image.Width / fullWidth;
            var top = crop.Top * scaleY;
            var left = crop.Left * scaleX;
            var bottom = (crop.Top + crop.Height) * scaleY;
            var right = (crop.Left + crop.Width) * scaleX;

            // One pixel of margin: bilinear sampling at the window's edge reads its neighbour.
            var y0 = Math.Clamp((int)Math.Floor(top) - 1, 0, image.Height - 1);
            var x0 = Math.Clamp((int)Math.Floor(left) - 1, 0, image.Width - 1);
            var y1 = Math.Clamp((int)Math.Ceiling(bottom) + 1, y0 + 1, image.Height);
            var x1 = Math.Clamp((int)Math.Ceiling(right) + 1, x0 + 1, image.Width);
            // A region fetch computes the window on this thread; writing an image to memory would hand its tiles
            // through libvips' thread pool, a futex round trip per tile (a fifth of the decode time in a profile).
            using var rgb = ToRgb(image);
            using var fetcher = Region.New(rgb);
            var pixels = fetcher.Fetch(x0, y0, x1 - x0, y1 - y0);
            if (pixels.Length != (y1 - y0) * (x1 - x0) * 3)
            {
                throw Bad(path, $"libvips returned {pixels.Length} bytes for a {x1 - x0} x {y1 - y0} RGB region");
            }

            var inRegion = new CropWindow(top - y0, left - x0, bottom - top, right - left, crop.Flip);
            return new DecodedRegion(pixels, y1 - y0, x1 - x0, inRegion, shrink);
        }
        catch (VipsException e)
        {
            throw Bad(path, $"it could not be decoded as a {format.ToString().ToUpperInvariant()} ({e.Message.Trim().ReplaceLineEndings(" ")})", e);
        }
    }

    /// <summary>The largest DCT scale (1, 2, 4, 8) at which the window still has at least resolution pixels each way, raised to fit the pixel limit.</summary>
    internal static int ShrinkFor(CropWindow crop, int resolution, int height, int width)
    {
        var shrink = 1;
        while (shrink < 8 && crop.Height / (2 * shrink) >= resolution && crop.Width / (2 * shrink) >= resolution)
        {
            shrink *= 2;
        }

        while (shrink < 8 && Pixels(height, width, shrink) > MaxDecodedPixels)
        {
            shrink *= 2;
        }

        return shrink;
    }

    // libjpeg's scaled size rounds up.
    private static long Pixels(int height, int width, int shrink) => (long)((height + shrink - 1) / shrink) * ((width + shrink - 1) / shrink);

    private static byte[] Read(string path)
    {
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes)
            {
                throw Bad(path, $"it is {length} bytes, more than the {MaxFileBytes >> 20} MiB an image may have");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Bad(path, $"it cannot be read ({e.Message})", e);
        }
    }

    // Sequential access decodes top to bottom without keeping the whole image; FailOn.Truncated refuses a cut-off
    // file but, like PIL, accepts JPEGs with recoverable warnings (extraneous bytes before a marker).
    private static Image Load(byte[] bytes, ImageFormatSniff format, int shrink) => format == ImageFormatSniff.Jpeg
        ? Image.JpegloadBuffer(bytes, shrink: shrink, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated)
        : Image.PngloadBuffer(bytes, access: Enums.Access.Sequential, failOn: Enums.FailOn.Truncated);

    private static Image ToRgb(Image region)
    {
        var srgb = region.Interpretation == Enums.Interpretation.Srgb && region.Format == Enums.BandFormat.Uchar
            ? region.Copy()
            : region.Colourspace(Enums.Interpretation.Srgb);
        if (srgb.Bands > 3)
        {
            var dropped = srgb.ExtractBand(0, n: 3);
            srgb.Dispose();
            srgb = dropped;
        }

        if (srgb.Format != Enums.BandFormat.Uchar)
        {
            var cast = srgb.Cast(Enums.BandFormat.Uchar);
            srgb.Dispose();
            srgb = cast;
        }

        return srgb;
    }

    private static OfaExpException Bad(string path, string what, Exception? inner = null) =>
        new($"The image '{path}' is unusable: {what}. {Advice}", ExitCodes.BadInput, inner);
}
