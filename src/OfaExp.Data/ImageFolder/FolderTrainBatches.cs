namespace OfaExp.Data.ImageFolder;

/// <summary>
/// An image-folder split as training batches: the epoch's batches are decoded ahead by an
/// <see cref="ImageBatchPipeline"/>, each at the resolution its step trains at (OFA's RandomResizedCrop goes straight
/// to it, so nothing is resized twice). Reading steps in order keeps one pipeline per epoch; asking for any other
/// step (a resumed run) starts a new one there, and since a batch depends on (seed, epoch, step) alone the result is
/// the same. The pipeline's threads stop after an epoch's last batch, or on <see cref="Dispose"/>.
/// </summary>
public sealed class FolderTrainBatches : ITrainBatchSource, IDisposable
{
    private readonly FolderSampleReader _reader;
    private readonly Func<int, int, int> _resolution;
    private readonly PipelineCursor _cursor;

    /// <param name="reader">The split's images; its seed orders and augments them as <see cref="TrainBatches"/> does.</param>
    /// <param name="resolution">
    /// The resolution of (epoch, step): the trainer's own draw, a pure function of the run's seed. Read for a whole
    /// epoch when a pipeline starts (at the first step asked for, or after a jump).
    /// </param>
    /// <param name="threads">Decode threads; batches do not depend on it.</param>
    public FolderTrainBatches(FolderSampleReader reader, int batchSize, Func<int, int, int> resolution, int threads)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        if (reader.Images.Count < batchSize)
        {
            throw new ArgumentException($"{reader.Images.Count} training images cannot fill one batch of {batchSize}.", nameof(batchSize));
        }

        _reader = reader;
        _resolution = resolution;
        _cursor = new PipelineCursor(reader, threads);
        BatchSize = batchSize;
    }

    public int BatchSize { get; }

    public int StepsPerEpoch => _reader.Images.Count / BatchSize;

    public Batch Get(int epoch, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, StepsPerEpoch);
        return _cursor.Next(epoch, step, StepsPerEpoch, from =>
            [.. FolderBatchJobs.Train(_reader.Images.Count, _reader.Seed, epoch, BatchSize, s => _resolution(epoch, s)).Skip(from)]);
    }

    public void Dispose() => _cursor.Dispose();
}
