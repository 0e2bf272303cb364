namespace OfaExp.Data;

/// <summary>
/// Images as raw bytes in N x H x W x C order (the files' own layout) with one class label per image. Immutable:
/// subsets copy, so splits can be cached and shared without defensive copies by their users.
/// </summary>
public sealed class ImageSet
{
    private readonly byte[] _pixels;
    private readonly byte[] _labels;

    public ImageSet(byte[] pixels, byte[] labels, int height, int width, int channels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numClasses);
        if ((long)labels.Length * height * width * channels != pixels.Length)
        {
            throw new ArgumentException(
                $"{pixels.Length} pixel bytes do not hold {labels.Length} images of {height}x{width}x{channels}.", nameof(pixels));
        }

        _pixels = pixels;
        _labels = labels;
        Height = height;
        Width = width;
        Channels = channels;
        NumClasses = numClasses;
    }

    public int Count => _labels.Length;

    public int Height { get; }

    public int Width { get; }

    public int Channels { get; }

    public int NumClasses { get; }

    public int ImageSize => Height * Width * Channels;

    public ReadOnlySpan<byte> Pixels => _pixels;

    public ReadOnlySpan<byte> Labels => _labels;

    public ReadOnlySpan<byte> Image(int index) => _pixels.AsSpan(index * ImageSize, ImageSize);

    /// <summary>A new set holding the images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Subset(ReadOnlySpan<int> indices)
    {
        var size = ImageSize;
        var pixels = new byte[indices.Length * size];
        var labels = new byte[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            _pixels.AsSpan(indices[i] * size, size).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = _labels[indices[i]];
        }

        return new ImageSet(pixels, labels, Height, Width, Channels, NumClasses);
    }
}
