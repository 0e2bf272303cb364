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
    private readonly PipelineCursor _cursor;

    public FolderEvalBatches(FolderSampleReader reader, int batchSize, bool trainTransform, int threads)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfZero(reader.Images.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        _reader = reader;
        _trainTransform = trainTransform;
        _cursor = new PipelineCursor(reader, threads);
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
        return _cursor.Next(resolution, index, BatchCount, from =>
            [.. FolderBatchJobs.Eval(Count, BatchSize, resolution).Skip(from).Select(j => j with { Train = _trainTransform })]);
    }

    public void Dispose() => _cursor.Dispose();
}
