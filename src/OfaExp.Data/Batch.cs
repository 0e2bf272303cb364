namespace OfaExp.Data;

/// <summary>
/// A reusable buffer for one batch: normalised images in N x C x H x W order, labels as int64 (what cross entropy
/// takes) and the split-local index of each sample. Sources overwrite it in place so a training loop allocates nothing
/// per step; copy what must outlive the next fill.
/// </summary>
public sealed class Batch
{
    public Batch(int count, int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Count = count;
        Channels = channels;
        Height = height;
        Width = width;
        Images = new float[count * channels * height * width];
        Labels = new long[count];
        Indices = new int[count];
    }

    public int Count { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>Count x Channels x Height x Width normalised floats.</summary>
    public float[] Images { get; }

    public long[] Labels { get; }

    /// <summary>Which sample of the split each row holds.</summary>
    public int[] Indices { get; }

    public long[] Shape => [Count, Channels, Height, Width];
}
