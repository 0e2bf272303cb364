using System.Buffers;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The part of a decoded image a sample needs: <see cref="Height"/> rows of <see cref="Width"/> pixels of
/// <see cref="PixelBytes"/> bytes each (RGB, or RGBx from the fast path; only the first three are read), rows
/// <see cref="RowBytes"/> apart (the fast path's rows are as wide as the whole image), and the crop
/// window in this region's pixel coordinates (the image possibly shrunk by <see cref="Shrink"/>). Disposing returns a
/// pooled buffer, so a decode thread reuses the same few large arrays instead of one per image.
/// </summary>
internal sealed class DecodedRegion(
    byte[] pixels, int height, int width, int pixelBytes, CropWindow window, int shrink, int rowBytes = 0, bool pooled = false)
    : IDisposable
{
    private int _returned;

    public byte[] Pixels { get; } = pixels;

    public int Height { get; } = height;

    public int Width { get; } = width;

    public int PixelBytes { get; } = pixelBytes;

    public int RowBytes { get; } = rowBytes == 0 ? width * pixelBytes : rowBytes;

    public CropWindow Window { get; } = window;

    public int Shrink { get; } = shrink;

    public void Dispose()
    {
        if (pooled && Interlocked.Exchange(ref _returned, 1) == 0)
        {
            ArrayPool<byte>.Shared.Return(Pixels);
        }
    }
}
