using System.Diagnostics;
using OfaExp.Core.Execution;

namespace OfaExp.Nn.Training;

/// <summary>
/// A run's stopwatch breakdown: the trainer wraps each piece of work in <see cref="Time"/> (a struct, so timing a
/// step costs two timestamp reads and no allocation) and <see cref="Times"/> turns the totals into
/// <see cref="PhaseTimes"/>. Sections must not nest; time no category covers is reported as "other". Work done on
/// other threads (the batch prefetch) is added with <see cref="AddBatchFill"/>. Alongside, the process's GC pause
/// time and CPU time over the same interval show whether the run kept its cores busy.
/// Only the trainer's thread starts sections; the overlapped totals may come from any thread.
/// </summary>
public sealed class PhaseTimings
{
    private readonly long[] _ticks = new long[Enum.GetValues<TimeCategory>().Length];
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly TimeSpan _gcAtStart = GC.GetTotalPauseDuration();
    private readonly TimeSpan _cpuAtStart = ProcessCpuTime();
    private long _batchFillTicks;

    public TimedSection Time(TimeCategory category) => new(this, category, Stopwatch.GetTimestamp());

    /// <summary>Time spent on another thread for this run's benefit (the prefetch thread's batch filling).</summary>
    public void AddBatchFill(TimeSpan elapsed) => Interlocked.Add(ref _batchFillTicks, elapsed.Ticks);

    /// <summary>Seconds recorded so far in <paramref name="category"/>.</summary>
    public double Seconds(TimeCategory category) => Stopwatch.GetElapsedTime(0, _ticks[(int)category]).TotalSeconds;

    /// <summary>The breakdown from construction until now.</summary>
    public PhaseTimes Times()
    {
        var total = Stopwatch.GetElapsedTime(_started).TotalSeconds;
        var parts = Enum.GetValues<TimeCategory>().Select(c => new PhaseTime(TimeCategoryNames.Spelling.Name(c), Seconds(c))).ToList();
        parts.Add(new PhaseTime(PhaseTimes.Other, Math.Max(0, total - parts.Sum(p => p.Seconds))));
        List<PhaseTime> overlapped =
        [
            new(PhaseTimes.BatchFill, TimeSpan.FromTicks(Interlocked.Read(ref _batchFillTicks)).TotalSeconds),
            new(PhaseTimes.GcPause, (GC.GetTotalPauseDuration() - _gcAtStart).TotalSeconds),
            new(PhaseTimes.ProcessCpu, (ProcessCpuTime() - _cpuAtStart).TotalSeconds),
        ];
        return new PhaseTimes(parts, overlapped, total);
    }

    internal void Add(TimeCategory category, long startTimestamp) => _ticks[(int)category] += Stopwatch.GetTimestamp() - startTimestamp;

    private static TimeSpan ProcessCpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
