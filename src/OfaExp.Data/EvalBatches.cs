using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// Batches over a set in its stored order, the last one possibly smaller: unaugmented for validation, or through
/// the training transform (each sample's draw seeded by its index) for BN recalibration, as OFA calibrates on
/// training-transformed images. <see cref="Get(int)"/> returns one of two internal buffers (full-size and tail),
/// overwritten by the next call.
/// </summary>
public sealed class EvalBatches : IEvalBatchSource
{
    private readonly ImageSet _set;
    private readonly SampleWriter _writer;
    private readonly Batch _full;
    private readonly Batch? _tail;
    private readonly AugmentSpec _augment;
    private readonly ulong _augmentSeed;

    public EvalBatches(ImageSet set, ChannelStats stats, int batchSize, AugmentSpec? augment = null, ulong augmentSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfZero(set.Count);
        _set = set;
        _writer = new SampleWriter(set, stats);
        BatchSize = Math.Min(batchSize, set.Count);
        _full = new Batch(BatchSize, set.Channels, set.Height, set.Width);
        var rest = set.Count % BatchSize;
        _tail = rest == 0 ? null : new Batch(rest, set.Channels, set.Height, set.Width);
        _augment = augment ?? AugmentSpec.None;
        _augmentSeed = augmentSeed;
    }

    public int BatchSize { get; }

    public int Count => _set.Count;

    public int BatchCount => (_set.Count + BatchSize - 1) / BatchSize;

    /// <summary>Batch <paramref name="index"/> at the set's own size: the tensor side resizes it to <paramref name="resolution"/>.</summary>
    public Batch Get(int index, int resolution) => Get(index);

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
            var draw = SampleAugment.Draw(_augment, _augmentSeed, sample, _set.Height, _set.Width);
            _writer.Write(sample, batch.Images.AsSpan(row * size, size), draw, _augment.RandomCropPadding);
            batch.Labels[row] = labels[sample];
            batch.Indices[row] = sample;
        }

        return batch;
    }
}
