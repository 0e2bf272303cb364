using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// Seeded training batches with random access by (epoch, step): the epoch's order is a permutation derived from
/// (seed, epoch), and each sample's crop offset and flip derive from (seed, epoch, sample index) alone, so a batch is
/// the same whether it is produced in sequence, after a resume, or on its own. The last incomplete batch of an epoch
/// is dropped so that every optimiser step sees the same number of images. Not thread-safe (it caches one epoch's order
/// and augmentation seed); after an epoch's first batch, filling allocates nothing.
/// </summary>
public sealed class TrainBatches : ITrainBatchSource
{
    private readonly ImageSet _set;
    private readonly AugmentSpec _augment;
    private readonly ulong _seed;
    private readonly SampleWriter _writer;
    private int _cachedEpoch = -1;
    private int[] _order = [];
    private ulong _augmentSeed;
    private Batch? _buffer;

    public TrainBatches(ImageSet set, AugmentSpec augment, ChannelStats stats, ulong seed, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegative(augment.RandomCropPadding);
        if (set.Count < batchSize)
        {
            throw new ArgumentException($"{set.Count} training images cannot fill one batch of {batchSize}.", nameof(batchSize));
        }

        _set = set;
        _augment = augment;
        _seed = seed;
        BatchSize = batchSize;
        _writer = new SampleWriter(set, stats);
    }

    public int BatchSize { get; }

    public int StepsPerEpoch => _set.Count / BatchSize;

    public Batch CreateBuffer() => new(BatchSize, _set.Channels, _set.Height, _set.Width);

    /// <summary>The sample order of <paramref name="epoch"/> (valid until another epoch is asked for); the first StepsPerEpoch x BatchSize entries are used.</summary>
    public ReadOnlySpan<int> EpochOrder(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        if (epoch != _cachedEpoch)
        {
            // Reused across epochs: a prefetch thread that allocates nothing cannot start a GC mid TorchSharp call.
            var order = _order.Length == _set.Count ? _order : new int[_set.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            var rng = new SplitMix64(SeedDerivation.Derive(_seed, "train-order", epoch));
            rng.Shuffle(order.AsSpan());
            _order = order;
            _augmentSeed = SeedDerivation.Derive(_seed, "augment", epoch);
            _cachedEpoch = epoch;
        }

        return _order;
    }

    /// <summary>The batch of (epoch, step) in a buffer of this source, overwritten by the next call.</summary>
    public Batch Get(int epoch, int step)
    {
        _buffer ??= CreateBuffer();
        Fill(epoch, step, _buffer);
        return _buffer;
    }

    public void Fill(int epoch, int step, Batch into)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, StepsPerEpoch);
        if (into.Count != BatchSize || into.Channels != _set.Channels || into.Height != _set.Height || into.Width != _set.Width)
        {
            throw new ArgumentException("The buffer was not made by this source's CreateBuffer().", nameof(into));
        }

        var order = EpochOrder(epoch).Slice(step * BatchSize, BatchSize);
        var augmentSeed = _augmentSeed;
        var pad = _augment.RandomCropPadding;
        var size = _set.ImageSize;
        var labels = _set.Labels;
        for (var row = 0; row < BatchSize; row++)
        {
            var sample = order[row];
            var draw = SampleAugment.Draw(_augment, augmentSeed, sample, _set.Height, _set.Width);
            _writer.Write(sample, into.Images.AsSpan(row * size, size), draw, pad);
            into.Labels[row] = labels[sample];
            into.Indices[row] = sample;
        }
    }
}
