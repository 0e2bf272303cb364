using OfaExp.Core.Planning;

namespace OfaExp.Core.Execution;

/// <summary>
/// The time left of a whole sweep: the planned work (<see cref="RunWork"/>) of every run not finished yet, at the
/// seconds per unit measured in this sweep so far. The rate is measured per group of like runs (the runs of one
/// phase), since the plan's units cannot tell how fast each kind of work goes (a shrinking phase trains smaller
/// subnets than the full one per image, and a run's set-up and evaluations weigh differently): a run is estimated at
/// its group's rate once a run of the group has trained or is training, and at the rate of everything measured
/// before that. With several worker processes training at once, the work left is shared among them: the time left is
/// the work's time divided by the workers, but never less than the longest run left (a run is not shared). Each
/// process measures the runs it trains itself, at the pace they go beside the other workers' runs.
/// Times are passed in, never read, so the estimate is a pure function of the events it is given.
/// </summary>
public sealed class SweepEta
{
    private readonly Dictionary<string, RunWork> _pending;
    private readonly IReadOnlyDictionary<string, string>? _groups;
    private readonly Dictionary<string, (double Seconds, double Units)> _byGroup = new(StringComparer.Ordinal);
    private double _measuredSeconds;
    private double _measuredUnits;
    private readonly int _workers;
    private Current? _current;

    /// <param name="pending">The runs this sweep will attempt, by id.</param>
    /// <param name="groups">The group of each run (its phase); runs without one are one group together.</param>
    /// <param name="workers">The worker processes training the runs at once, this one included.</param>
    public SweepEta(IReadOnlyDictionary<string, RunWork> pending, IReadOnlyDictionary<string, string>? groups = null, int workers = 1)
    {
        ArgumentNullException.ThrowIfNull(pending);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        _pending = new Dictionary<string, RunWork>(pending, StringComparer.Ordinal);
        _groups = groups;
        _workers = workers;
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
                var seconds = (at - c.StartedAt).TotalSeconds;
                _measuredSeconds += seconds;
                _measuredUnits += units;
                var group = GroupOf(runId);
                var (groupSeconds, groupUnits) = _byGroup.GetValueOrDefault(group);
                _byGroup[group] = (groupSeconds + seconds, groupUnits + units);
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
            if (SecondsPerUnit is not { } overall)
            {
                return null;
            }

            var (seconds, longest) = (0.0, 0.0);
            foreach (var (id, work) in _pending)
            {
                var units = work.Total - (_current is { } c && c.RunId == id ? c.Work.UnitsAfter(c.StepsDone) : 0);
                var run = Math.Max(0, units) * (RateOf(GroupOf(id)) ?? overall);
                seconds += run;
                longest = Math.Max(longest, run);
            }

            return TimeSpan.FromSeconds(Math.Max(seconds / _workers, longest));
        }
    }

    /// <summary>Seconds per unit of one group: its trained runs and its run in progress; null before either is measured.</summary>
    private double? RateOf(string group)
    {
        var (seconds, units) = _byGroup.GetValueOrDefault(group);
        if (_current is { } c && c.StepsDone > c.ResumedAt && GroupOf(c.RunId) == group)
        {
            seconds += (c.SteppedAt - c.StartedAt).TotalSeconds;
            units += c.Work.UnitsAfter(c.StepsDone) - c.Work.UnitsAfter(c.ResumedAt);
        }

        return units > 0 ? seconds / units : null;
    }

    private string GroupOf(string runId) => _groups?.GetValueOrDefault(runId) ?? "";

    private sealed record Current(string RunId, RunWork Work, TimeSpan StartedAt, long ResumedAt, long StepsDone, TimeSpan SteppedAt);
}
