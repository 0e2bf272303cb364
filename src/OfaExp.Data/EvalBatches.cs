namespace OfaExp.Data;

/// <summary>
/// Unaugmented batches over a set in its stored order, the last one possibly smaller; for validation and BN
/// calibration. <see cref="Get"/> returns one of two internal buffers (full-size and tail), overwritten by the next call.
/// </summary>
public sealed class EvalBatches
{
    private readonly ImageSet _set;
    private readonly SampleWriter _writer;
    private readonly Batch _full;
    private readonly Batch? _tail;

    public EvalBatches(ImageSet set, ChannelStats stats, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfZero(set.Count);
        _set = set;
        _writer = new SampleWriter(set, stats);
        BatchSize = Math.Min(batchSize, set.Count);
        _full = new Batch(BatchSize, set.Channels, set.Height, set.Width);
        var rest = set.Count % BatchSize;
        _tail = rest == 0 ? null : new Batch(rest, set.Channels, set.Height, set.Width);
    }

    public int BatchSize { get; }

    public int Count => _set.Count;

    public int BatchCount => (_set.Count + BatchSize - 1) / BatchSize;

    public Batch Get(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchCount);
        var start = index * BatchSize;
        var batch = start + BatchSize <= _set.Count ? _full : _tail!;
        var size = _set.ImageSize;
        var labels = _set.Labels;
        for (var row = 0; row < batch.Count; row++)
        {
            var sample = start + row;
            _writer.Write(sample, batch.Images.AsSpan(row * size, size), 0, 0, 0, false);
            batch.Labels[row] = labels[sample];
            batch.Indices[row] = sample;
        }

        return batch;
    }
}
