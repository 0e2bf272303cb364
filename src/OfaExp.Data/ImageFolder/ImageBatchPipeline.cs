using OfaExp.Core.Errors;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Decodes a fixed list of <see cref="BatchJob"/>s on <c>threads</c> background threads into a ring of
/// <c>capacity</c> batch buffers and hands them out in job order. Threads claim single images (job, row) in order,
/// and never more than <c>capacity</c> batches ahead of the consumer, so at most <c>capacity</c> batches exist at
/// once (the one the consumer holds among them) plus one decoded region per thread. Every row's values depend on
/// its job and sample alone, so batches are byte-identical for any thread count. A bad image fails its batch: when
/// the consumer reaches that batch, <see cref="Next"/> throws the error of its first bad row (the same for any
/// thread count), whatever later batches did.
/// </summary>
public sealed class ImageBatchPipeline : IDisposable
{
    private readonly FolderSampleReader _reader;
    private readonly IReadOnlyList<BatchJob> _jobs;
    private readonly Slot[] _slots;
    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private int _claimJob;
    private int _claimRow;
    private int _released;
    private int _returned;
    private bool _stopped;
    private Exception? _fatal;

    /// <param name="buffers">
    /// Batches of an earlier pipeline of the same consumer (<see cref="Buffers"/> after its <see cref="Dispose"/>), reused
    /// where a job has their size: without them a new pipeline allocates its ring while the old one is still garbage,
    /// doubling the memory at every epoch or evaluation pass until a collection.
    /// </param>
    public ImageBatchPipeline(FolderSampleReader reader, IReadOnlyList<BatchJob> jobs, int threads, int capacity = DefaultCapacity, IReadOnlyList<Batch>? buffers = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        foreach (var job in jobs)
        {
            ArgumentOutOfRangeException.ThrowIfZero(job.Samples.Count);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(job.Resolution);
        }

        _reader = reader;
        _jobs = jobs;
        _slots = new Slot[Math.Min(capacity, Math.Max(jobs.Count, 1))];
        for (var i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot(buffers is not null && i < buffers.Count ? buffers[i] : null);
        }

        _threads = new Thread[threads];
        for (var i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"ofaexp-decode-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Batches decoded ahead of the trainer: one in use, two being filled or ready.</summary>
    public const int DefaultCapacity = 3;

    /// <summary>The most batches that were ever claimed and not yet given back (the bound tests check it).</summary>
    internal int PeakBatchesHeld { get; private set; }

    /// <summary>
    /// The next batch in job order, or null after the last. It stays valid until the next call (which gives its
    /// buffer back to the decode threads).
    /// </summary>
    /// <exception cref="OfaExpException">An image of this batch could not be decoded (exit 2, naming the file).</exception>
    public Batch? Next()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_returned > _released)
            {
                _released++;
                Monitor.PulseAll(_gate);
            }

            if (_returned == _jobs.Count)
            {
                return null;
            }

            var slot = _slots[_returned % _slots.Length];
            while ((slot.Job != _returned || slot.Pending > 0) && _fatal is null && !_stopped)
            {
                Monitor.Wait(_gate);
            }

            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_fatal is not null)
            {
                throw new InvalidOperationException("A decode thread failed; no more batches follow.", _fatal);
            }

            _returned++;
            var error = slot.Errors.Where(e => e is not null).FirstOrDefault();
            if (error is not null)
            {
                throw new OfaExpException(error.Message, error.ExitCode, error);
            }

            return slot.Batch;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }

    /// <summary>
    /// The ring's batch buffers, for the consumer's next pipeline once this one is disposed and the consumer is done
    /// with the last batch it was handed (the next pipeline writes into them).
    /// </summary>
    public IReadOnlyList<Batch> Buffers => [.. _slots.Select(s => s.Batch).OfType<Batch>()];

    // Whatever escapes a decode loop (an allocation failure) must reach the consumer, which would otherwise wait forever.
    private void Work()
    {
        try
        {
            DecodeThreadPriority.Apply();
            Decode();
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _fatal ??= e;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private void Decode()
    {
        while (true)
        {
            int job, row;
            Slot slot;
            lock (_gate)
            {
                while (!_stopped && _fatal is null && _claimJob < _jobs.Count && _claimJob >= _released + _slots.Length)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopped || _fatal is not null || _claimJob >= _jobs.Count)
                {
                    return;
                }

                job = _claimJob;
                row = _claimRow;
                slot = _slots[job % _slots.Length];
                if (row == 0)
                {
                    slot.Prepare(job, _jobs[job]);
                    PeakBatchesHeld = Math.Max(PeakBatchesHeld, job - _released + 1);
                }

                if (++_claimRow == _jobs[job].Samples.Count)
                {
                    _claimJob++;
                    _claimRow = 0;
                }
            }

            var spec = _jobs[job];
            var sample = spec.Samples[row];
            var size = 3 * spec.Resolution * spec.Resolution;
            OfaExpException? error = null;
            try
            {
                _reader.Write(spec, sample, slot.Batch.Images.AsSpan(row * size, size));
                slot.Batch.Labels[row] = _reader.Images[sample].Label;
                slot.Batch.Indices[row] = sample;
            }
            catch (OfaExpException e)
            {
                error = e;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Anything else from a native decoder still names the file rather than killing a background thread.
                error = new OfaExpException($"Decoding '{_reader.Images[sample].FullPath}' failed: {e.Message}", ExitCodes.BadInput, e);
            }

            lock (_gate)
            {
                slot.Errors[row] = error;
                if (--slot.Pending == 0)
                {
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>One ring buffer; its Batch is reallocated only when a job's size or resolution differs from the last.</summary>
    private sealed class Slot(Batch? reused)
    {
        public int Job { get; private set; } = -1;

        public int Pending { get; set; }

        public Batch Batch { get; private set; } = reused!;

        public OfaExpException?[] Errors { get; private set; } = [];

        public void Prepare(int job, BatchJob spec)
        {
            var count = spec.Samples.Count;
            if (Batch is null || Batch.Count != count || Batch.Height != spec.Resolution)
            {
                Batch = new Batch(count, 3, spec.Resolution, spec.Resolution);
            }

            if (Errors.Length != count)
            {
                Errors = new OfaExpException?[count];
            }

            Array.Clear(Errors);
            Pending = count;
            Job = job;
        }
    }
}
