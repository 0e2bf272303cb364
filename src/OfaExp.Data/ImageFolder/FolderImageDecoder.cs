using OfaExp.Core.Errors;
using System.Buffers;
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
        var (buffer, length) = Read(path);
        try
        {
            var bytes = buffer.AsSpan(0, length);
            var format = ImageFormats.Sniff(bytes);
            if (format == ImageFormatSniff.Unknown)
            {
                throw Bad(path, length == 0 ? "it is empty (0 bytes)" : "it is neither a JPEG nor a PNG (by its first bytes)");
            }

            // Only a JPEG that ends with its end-of-image marker takes the fast path: Skia's scanline decoder can crash
            // on a file cut short (seen at 1/8 scale), while libvips refuses one with a message.
            if (format == ImageFormatSniff.Jpeg && bytes.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9])
                && JpegFrame.TryRead(bytes, out var frame) && frame.Components is 1 or 3)
            {
                var crop = window(frame.Height, frame.Width);
                var shrink = ShrinkFor(crop, resolution, frame.Height, frame.Width);
                if (Pixels(frame.Height, frame.Width, shrink) <= MaxDecodedPixels)
                {
                    // libvips' shrink-on-load sizes (floor), so both paths cut the same region out of the same pixels.
                    var bounds = RegionBounds.Of(crop, frame.Height, frame.Width, frame.Height / shrink, frame.Width / shrink);
                    var fast = SkiaJpegRegion.TryDecode(bytes, shrink, bounds);
                    if (fast is not null)
                    {
                        return fast;
                    }
                }
            }

            return DecodeWithVips(path, bytes.ToArray(), format, window, resolution);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The libvips path: every format and colour space, and the wording of every decode error.</summary>
    internal static DecodedRegion DecodeWithVips(string path, byte[] bytes, ImageFormatSniff format, Func<int, int, CropWindow> window, int resolution)
    {
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
            var bounds = RegionBounds.Of(crop, fullHeight, fullWidth, image.Height, image.Width);

            // A region fetch computes the window on this thread; writing an image to memory would hand its tiles
            // through libvips' thread pool, a futex round trip per tile (a fifth of the decode time in a profile).
            using var rgb = ToRgb(image);
            using var fetcher = Region.New(rgb);
            var (rows, columns) = (bounds.Y1 - bounds.Y0, bounds.X1 - bounds.X0);
            var pixels = fetcher.Fetch(bounds.X0, bounds.Y0, columns, rows);
            if (pixels.Length != rows * columns * 3)
            {
                throw Bad(path, $"libvips returned {pixels.Length} bytes for a {columns} x {rows} RGB region");
            }

            return new DecodedRegion(pixels, rows, columns, 3, bounds.Window, shrink);
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

    // A pooled buffer per file: one 100 KB array per image would be garbage at a thousand images a second.
    private static (byte[] Buffer, int Length) Read(string path)
    {
        try
        {
            using var file = File.OpenHandle(path);
            var length = RandomAccess.GetLength(file);
            if (length > MaxFileBytes)
            {
                throw Bad(path, $"it is {length} bytes, more than the {MaxFileBytes >> 20} MiB an image may have");
            }

            var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
            var read = 0;
            int n;
            while (read < length && (n = RandomAccess.Read(file, buffer.AsSpan(read, (int)length - read), read)) > 0)
            {
                read += n;
            }

            return (buffer, read);
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
