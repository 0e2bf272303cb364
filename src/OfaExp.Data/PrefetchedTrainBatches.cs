using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace OfaExp.Data;

/// <summary>
/// In-memory training batches filled one step ahead on a background thread: when the trainer takes the batch of
/// (epoch, step), the thread starts filling the next one (the next step, or step 0 of the next epoch) into a second
/// buffer while the trainer's step runs. A batch is a pure function of (seed, epoch, step) (<see cref="TrainBatches"/>),
/// so it is byte for byte what the source fills on its own; a request that was not predicted (the first step, a
/// resume) is filled on the spot. The thread allocates nothing (each epoch's order is derived on the caller's thread
/// when it schedules that epoch's first batch), so it does not start garbage collections that could finalise a
/// temporary TorchSharp Scalar while a native call on the training thread uses it.
/// Like the source, it serves one consumer thread; dispose it to stop its thread.
/// </summary>
public sealed class PrefetchedTrainBatches : ITrainBatchSource, IDisposable
{
    private readonly TrainBatches _source;
    private readonly int _epochs;
    private readonly Batch[] _buffers;
    private readonly Thread _thread;
    private readonly object _gate = new();

    // Guarded by _gate: the queued or running fill (buffer index, epoch, step), whether it is done, and its failure.
    private int _pendingBuffer = -1;
    private int _pendingEpoch;
    private int _pendingStep;
    private bool _pendingDone;
    private Exception? _pendingError;
    private bool _stopping;

    private long _fillTicks;

    /// <param name="source">The batches to fill; owned by this instance from now on (it is not thread-safe).</param>
    /// <param name="epochs">Epochs the phase trains; nothing is prefetched beyond the last.</param>
    public PrefetchedTrainBatches(TrainBatches source, int epochs)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(epochs);
        _source = source;
        _epochs = epochs;
        _buffers = [source.CreateBuffer(), source.CreateBuffer()];
        _thread = new Thread(Work) { IsBackground = true, Name = "ofaexp batch prefetch" };
        _thread.Start();
    }

    public int BatchSize => _source.BatchSize;

    public int StepsPerEpoch => _source.StepsPerEpoch;

    /// <summary>Wall time the background thread spent filling batches (work that overlapped training steps).</summary>
    public TimeSpan FillTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _fillTicks));

    /// <summary>The batch of (epoch, step), valid until the next call; the one after it starts filling before this returns.</summary>
    public Batch Get(int epoch, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, StepsPerEpoch);
        int ready;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            while (_pendingBuffer >= 0 && !_pendingDone)
            {
                Monitor.Wait(_gate);
            }

            var hit = _pendingBuffer >= 0 && _pendingEpoch == epoch && _pendingStep == step && _pendingError is null;
            var error = _pendingBuffer >= 0 && _pendingEpoch == epoch && _pendingStep == step ? _pendingError : null;
            ready = hit ? _pendingBuffer : (_pendingBuffer >= 0 ? 1 - _pendingBuffer : 0);
            _pendingBuffer = -1;
            _pendingError = null;
            if (error is not null)
            {
                // The failure belongs to the batch asked for: throw it as the source would have.
                ExceptionDispatchInfo.Capture(error).Throw();
            }

            if (!hit)
            {
                // Not predicted (first step, resume, a jump): fill here, the thread being idle.
                var start = Stopwatch.GetTimestamp();
                _source.Fill(epoch, step, _buffers[ready]);
                Interlocked.Add(ref _fillTicks, Stopwatch.GetTimestamp() - start);
            }

            var (nextEpoch, nextStep) = step + 1 < StepsPerEpoch ? (epoch, step + 1) : (epoch + 1, 0);
            if (nextEpoch < _epochs)
            {
                if (nextEpoch != epoch)
                {
                    // The next epoch's order and seed allocate: derive them here, so the thread never does.
                    _ = _source.EpochOrder(nextEpoch);
                }

                (_pendingBuffer, _pendingEpoch, _pendingStep, _pendingDone) = (1 - ready, nextEpoch, nextStep, false);
                Monitor.PulseAll(_gate);
            }
        }

        return _buffers[ready];
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
    }

    private void Work()
    {
        while (true)
        {
            int buffer, epoch, step;
            lock (_gate)
            {
                while (!_stopping && (_pendingBuffer < 0 || _pendingDone))
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                (buffer, epoch, step) = (_pendingBuffer, _pendingEpoch, _pendingStep);
            }

            Exception? error = null;
            var start = Stopwatch.GetTimestamp();
            try
            {
                _source.Fill(epoch, step, _buffers[buffer]);
            }
            catch (Exception e)
            {
                error = e;
            }

            Interlocked.Add(ref _fillTicks, Stopwatch.GetTimestamp() - start);
            lock (_gate)
            {
                (_pendingDone, _pendingError) = (true, error);
                Monitor.PulseAll(_gate);
            }
        }
    }
}
