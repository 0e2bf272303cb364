namespace OfaExp.Core.Planning;

/// <summary>The run graph of one or more experiments; <see cref="Runs"/> is in dependency order (parents first), each id once.</summary>
public sealed record RunPlan(IReadOnlyList<ExperimentSource> Experiments, IReadOnlyList<PlannedRun> Runs, IReadOnlyList<PlannedPoint> Points)
{
    /// <summary>
    /// The figures each experiment declares, by experiment name. Figures never reach a run's identity, so they
    /// travel beside the run graph rather than in each run's spec.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Figures.FigureSpec>> Figures { get; init; } =
        new Dictionary<string, IReadOnlyList<Figures.FigureSpec>>(StringComparer.Ordinal);

    /// <summary>
    /// The tables each experiment declares, by experiment name. A run shared by several experiments carries the spec
    /// of the one that planned it first, so an experiment's tables are read here, never from its runs' specs (a child
    /// experiment would otherwise get its parent's tables).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Tables.TableSpec>> Tables { get; init; } =
        new Dictionary<string, IReadOnlyList<Tables.TableSpec>>(StringComparer.Ordinal);

    /// <summary>
    /// Each experiment's <c>description</c>, by experiment name; like figures it never reaches a run's identity.
    /// </summary>
    public IReadOnlyDictionary<string, string> Descriptions { get; init; } =
        new Dictionary<string, string>(StringComparer.Ordinal);

    public IEnumerable<PlannedRun> RunsOf(string experiment)
    {
        var ids = Points.Where(p => p.Experiment == experiment).SelectMany(p => p.RunIds).ToHashSet(StringComparer.Ordinal);
        return Runs.Where(r => ids.Contains(r.Id));
    }
}
