using OfaExp.Core.Spec;

namespace OfaExp.Core.Planning;

/// <summary>One node of the run graph. <paramref name="Points"/> lists the sweep points (by label) that share it.</summary>
/// <param name="TeacherId">
/// The run whose final model this run distills from: for a phase of a kind other than full with kd.ratio &gt; 0, the
/// lineage's first full run; null otherwise. Part of the run's identity.
/// </param>
public sealed record PlannedRun(
    string Id,
    string Experiment,
    string Phase,
    string? ParentId,
    string ConfigJson,
    ExperimentSpec Spec,
    IReadOnlyList<string> Points,
    string? TeacherId)
{
    /// <summary>The kind of this run's phase.</summary>
    public PhaseKind Kind => Spec.Phases[Phase].Kind;

    /// <summary>What this run produces: supernet weights, an accuracy data set, a predictor, a latency table or search results.</summary>
    public PhaseRole Role => PhaseKindInfo.Of(Kind).Role;
}
