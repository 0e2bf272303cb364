using OfaExp.Core.Planning;

namespace OfaExp.Core.Execution;

/// <summary>
/// The time left of a whole sweep: the planned work (<see cref="RunWork"/>) of every run not finished yet, at the
/// seconds per unit measured in this sweep so far (the runs trained, and the steps of the run in progress). Times
/// are passed in, never read, so the estimate is a pure function of the events it is given.
/// </summary>
public sealed class SweepEta
{
    private readonly Dictionary<string, RunWork> _pending;
    private double _measuredSeconds;
    private double _measuredUnits;
    private Current? _current;

    /// <param name="pending">The runs this sweep will attempt, by id.</param>
    public SweepEta(IReadOnlyDictionary<string, RunWork> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        _pending = new Dictionary<string, RunWork>(pending, StringComparer.Ordinal);
        Total = pending.Count;
    }

    /// <summary>The runs the sweep attempts.</summary>
    public int Total { get; }

    /// <summary>The runs that have finished, whatever the outcome.</summary>
    public int Finished { get; private set; }

    /// <summary>
    /// A run starts at <paramref name="at"/>, <paramref name="epochsDone"/> epochs in (a resumed run): work done
    /// before this attempt is neither left to do nor measured.
    /// </summary>
    public void Started(string runId, int epochsDone, TimeSpan at)
    {
        if (_pending.TryGetValue(runId, out var work))
        {
            var steps = (long)Math.Clamp(epochsDone, 0, work.Epochs) * work.StepsPerEpoch;
            _current = new Current(runId, work, at, steps, steps, at);
        }
    }

    /// <summary>The run in progress has done <paramref name="stepsDone"/> optimizer steps in all (resumed ones included).</summary>
    public void Stepped(string runId, long stepsDone, TimeSpan at)
    {
        if (_current is { } c && c.RunId == runId && stepsDone > c.StepsDone)
        {
            _current = c with { StepsDone = Math.Min(stepsDone, c.Work.Steps), SteppedAt = at };
        }
    }

    /// <summary>
    /// A run ends. Only a trained run's time is measured: a failed one stopped part-way, and skipped or busy ones did
    /// no work here; either way its work is no longer left to do.
    /// </summary>
    public void Ended(string runId, bool trained, TimeSpan at)
    {
        if (!_pending.Remove(runId, out var work))
        {
            return;
        }

        Finished++;
        if (_current is { } c && c.RunId == runId)
        {
            var units = work.Total - work.UnitsAfter(c.ResumedAt);
            // Time spent on work the plan cannot size (units 0) would inflate the rate of everything else.
            if (trained && units > 0)
            {
                _measuredSeconds += (at - c.StartedAt).TotalSeconds;
                _measuredUnits += units;
            }

            _current = null;
        }
    }

    /// <summary>Seconds per unit measured so far, or null before anything is measured.</summary>
    public double? SecondsPerUnit
    {
        get
        {
            var (seconds, units) = (_measuredSeconds, _measuredUnits);
            if (_current is { } c && c.StepsDone > c.ResumedAt)
            {
                seconds += (c.SteppedAt - c.StartedAt).TotalSeconds;
                units += c.Work.UnitsAfter(c.StepsDone) - c.Work.UnitsAfter(c.ResumedAt);
            }

            return units > 0 ? seconds / units : null;
        }
    }

    /// <summary>The time left for every run not finished, or null while nothing is measured yet.</summary>
    public TimeSpan? Remaining
    {
        get
        {
            if (SecondsPerUnit is not { } rate)
            {
                return null;
            }

            var units = _pending.Values.Sum(w => w.Total);
            if (_current is { } c)
            {
                units -= c.Work.UnitsAfter(c.StepsDone);
            }

            return TimeSpan.FromSeconds(Math.Max(0, units) * rate);
        }
    }

    private sealed record Current(string RunId, RunWork Work, TimeSpan StartedAt, long ResumedAt, long StepsDone, TimeSpan SteppedAt);
}
