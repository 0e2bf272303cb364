namespace OfaExp.Data.ImageFolder;

/// <summary>
/// An image-folder list as evaluation batches in list order, decoded ahead by an <see cref="ImageBatchPipeline"/>
/// at the resolution asked for: through OFA's evaluation transform (validation, test), or through the training
/// transform with epoch 0's draws (BN recalibration, as OFA calibrates on training-transformed images; each image's
/// crop is fixed by the reader's seed and its place in the list). A pass in order keeps one pipeline; another
/// resolution or a jump starts a new one. Threads stop after the last batch or on <see cref="Dispose"/>.
/// </summary>
public sealed class FolderEvalBatches : IEvalBatchSource, IDisposable
{
    private readonly FolderSampleReader _reader;
    private readonly bool _trainTransform;
    private readonly int _threads;
    private ImageBatchPipeline? _pipeline;
    private int _resolution = -1;
    private int _next = -1;

    public FolderEvalBatches(FolderSampleReader reader, int batchSize, bool trainTransform, int threads)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfZero(reader.Images.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _reader = reader;
        _trainTransform = trainTransform;
        _threads = threads;
        BatchSize = Math.Min(batchSize, reader.Images.Count);
    }

    public int BatchSize { get; }

    public int Count => _reader.Images.Count;

    public int BatchCount => (Count + BatchSize - 1) / BatchSize;

    public Batch Get(int index, int resolution)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, BatchCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(resolution);
        if (_pipeline is null || resolution != _resolution || index != _next)
        {
            Stop();
            var jobs = FolderBatchJobs.Eval(Count, BatchSize, resolution).Skip(index).Select(j => j with { Train = _trainTransform }).ToList();
            _pipeline = new ImageBatchPipeline(_reader, jobs, _threads);
            (_resolution, _next) = (resolution, index);
        }

        var batch = _pipeline.Next() ?? throw new InvalidOperationException($"The pipeline ended before batch {index}.");
        if (++_next == BatchCount)
        {
            // Nothing is left to decode; the batch handed out stays valid (its buffer is no longer written).
            Stop();
        }

        return batch;
    }

    public void Dispose() => Stop();

    private void Stop()
    {
        _pipeline?.Dispose();
        _pipeline = null;
    }
}
