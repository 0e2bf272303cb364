using OfaExp.Core.Planning;

namespace OfaExp.Execution.Planning;

/// <summary>
/// A validated plan not yet expanded: <see cref="Steps"/> plans afresh on every enumeration (the same steps each
/// time, with the data fingerprints and file digests read once), so a printer can take two passes instead of
/// holding the run graph.
/// </summary>
/// <param name="Points">How many points <see cref="Steps"/> yields: counted from the sweeps alone, without planning.</param>
public sealed record StreamedPlan(IReadOnlyList<ExperimentSource> Experiments, IEnumerable<PlanStep> Steps, long Points);
