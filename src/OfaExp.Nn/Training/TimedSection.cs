using OfaExp.Core.Execution;

namespace OfaExp.Nn.Training;

/// <summary>One timed piece of work of <see cref="PhaseTimings"/>: disposing it adds the elapsed time to its category.</summary>
public readonly struct TimedSection : IDisposable
{
    private readonly PhaseTimings? _timings;
    private readonly TimeCategory _category;
    private readonly long _start;

    internal TimedSection(PhaseTimings timings, TimeCategory category, long start) => (_timings, _category, _start) = (timings, category, start);

    public void Dispose() => _timings?.Add(_category, _start);
}
