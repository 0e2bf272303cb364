using OfaExp.Core.Spec;

namespace OfaExp.Core.Planning;

/// <summary>One node of the run graph. <paramref name="Points"/> lists the sweep points (by label) that share it.</summary>
public sealed record PlannedRun(
    string Id,
    string Experiment,
    string Phase,
    string? ParentId,
    string ConfigJson,
    ExperimentSpec Spec,
    IReadOnlyList<string> Points);
