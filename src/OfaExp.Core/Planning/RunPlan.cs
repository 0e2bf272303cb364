namespace OfaExp.Core.Planning;

/// <summary>The run graph of one or more experiments; <see cref="Runs"/> is in dependency order (parents first), each id once.</summary>
public sealed record RunPlan(IReadOnlyList<ExperimentSource> Experiments, IReadOnlyList<PlannedRun> Runs, IReadOnlyList<PlannedPoint> Points)
{
    public IEnumerable<PlannedRun> RunsOf(string experiment)
    {
        var ids = Points.Where(p => p.Experiment == experiment).SelectMany(p => p.RunIds).ToHashSet(StringComparer.Ordinal);
        return Runs.Where(r => ids.Contains(r.Id));
    }
}
