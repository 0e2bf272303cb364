namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Reads a sequence of batches (an epoch, or an evaluation pass at one resolution) through one
/// <see cref="ImageBatchPipeline"/> while they are asked for in order; any other sequence or position starts a new
/// pipeline there, and since a batch depends on its job alone the result is the same. The threads stop after the
/// sequence's last batch or on <see cref="Dispose"/>.
/// </summary>
internal sealed class PipelineCursor(FolderSampleReader reader, int threads) : IDisposable
{
    private ImageBatchPipeline? _pipeline;
    private IReadOnlyList<Batch>? _buffers;
    private int _sequence = -1;
    private int _next = -1;

    /// <param name="sequence">Which sequence (the epoch, or the resolution).</param>
    /// <param name="position">The batch of it to return.</param>
    /// <param name="count">How many batches the sequence has.</param>
    /// <param name="jobs">The sequence's jobs from a position on.</param>
    public Batch Next(int sequence, int position, int count, Func<int, IReadOnlyList<BatchJob>> jobs)
    {
        if (_pipeline is null || sequence != _sequence || position != _next)
        {
            Dispose();

            // The caller is done with the batch it was handed last (it asks for the next one), so its buffers are free.
            _pipeline = new ImageBatchPipeline(reader, jobs(position), threads, buffers: _buffers);
            _buffers = null;
            (_sequence, _next) = (sequence, position);
        }

        var batch = _pipeline.Next() ?? throw new InvalidOperationException($"The pipeline of sequence {sequence} ended before batch {position}.");
        if (++_next == count)
        {
            // Nothing is left to decode; the batch handed out stays valid (its buffer is no longer written).
            Dispose();
        }

        return batch;
    }

    public void Dispose()
    {
        if (_pipeline is not null)
        {
            _pipeline.Dispose();
            _buffers = _pipeline.Buffers;
            _pipeline = null;
        }
    }
}
