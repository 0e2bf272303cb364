using OfaExp.Core.Planning;

namespace OfaExp.Execution.Planning;

/// <summary>A planned one-off search (<c>ofaexp search RUN_ID --target T</c>).</summary>
/// <param name="Asked">The run the user named: it must be done before the query trains.</param>
/// <param name="Query">The query run: the search phase of a lineage holding <paramref name="Asked"/>, with one target and the asked strategy.</param>
/// <param name="Plan">The query's experiment's plan with the query added, ready to execute.</param>
/// <param name="Fingerprints">Dataset fingerprints computed from files while planning, for the store.</param>
public sealed record SearchQuery(PlannedRun Asked, PlannedRun Query, RunPlan Plan, IReadOnlyDictionary<string, string> Fingerprints);
