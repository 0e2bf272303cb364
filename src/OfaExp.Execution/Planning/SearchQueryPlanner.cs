using OfaExp.Core.Config;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;

namespace OfaExp.Execution.Planning;

/// <summary>
/// Plans a one-off search of a trained supernet run: the search phase of an experiment whose lineage holds the run,
/// re-planned by <see cref="RunPlanner.PlanPoint"/> for that lineage's sweep point with <c>search.targets</c> and
/// <c>search.strategy</c> replaced. So the query is a run like any other: its id hashes exactly what a sweep with
/// those values would, and it is found done when asked again.
/// </summary>
public static class SearchQueryPlanner
{
    /// <exception cref="OfaExpException">Bad input (exit 2): no such run, no search phase after it, a target in the wrong unit or out of range.</exception>
    public static SearchQuery Plan(string directory, string prefix, EfficiencyTarget target, SearchStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(target);

        // The run is looked up among every experiment, the GPU presets whose data set is not installed here
        // included: such a preset's runs get ids no recorded run can have, so they never match a prefix, are left out
        // of the search's plan, and are named if nothing matches.
        var fingerprints = new FingerprintSource(null) { TolerateMissing = true };
        var plan = PlanBuilder.Build(directory, [], fingerprints.Fingerprint, torchBackend: DeviceKind.Cuda);
        var unplanned = plan.Runs.Where(r => fingerprints.IsMissing(r.Spec.Data)).Select(r => r.Experiment).Distinct().Order(StringComparer.Ordinal).ToList();
        plan = plan with { Runs = [.. plan.Runs.Where(r => !fingerprints.IsMissing(r.Spec.Data))] };
        var (asked, template) = Template(plan, prefix, directory, unplanned);

        var efficiency = template.Spec.Search!.Efficiency;
        if (efficiency != target.Kind)
        {
            throw new OfaExpException($"--target {target} is in {target.Unit}, but {template.Experiment} searches {Measure(efficiency)}; give the target in that unit.");
        }

        var source = plan.Experiments.Single(e => e.Name == template.Experiment);
        var point = plan.Points.First(p => p.Experiment == template.Experiment && p.RunIds.Contains(template.Id));
        var config = ExperimentTree.Load(source, []);
        var asSet = new SourceLocation("ofaexp search --target/--strategy", 0, 0);
        var step = RunPlanner.PlanPoint(source, config, point.Index,
            [new SweepAssignment("search.targets", new[] { target.ToString() }, asSet), new SweepAssignment("search.strategy", SearchStrategyNames.Spelling.Name(strategy), asSet)],
            fingerprints.Fingerprint, PlanBuilder.FileDigest);

        // The changes reach the search phase only: everything before it is the lineage already planned (and trained).
        var query = step.NewRuns.Single(r => r.Phase == template.Phase);
        if (query.ParentId != template.ParentId)
        {
            throw new InvalidOperationException($"The query of {RunIdentity.Short(template.Id)} planned another lineage ({query.ParentId} for {template.ParentId}).");
        }

        query = query with { Points = [$"search {target} ({SearchStrategyNames.Spelling.Name(strategy)})"] };

        // The query is planned after PlanBuilder's checks, so its FLOPs target is checked here: bad input before
        // anything is claimed or written, like a planned search's.
        SearchTargetCheck.Flops([query]);
        var queryPlan = new RunPlan(
            [.. plan.Experiments.Where(e => e.Name == query.Experiment)],
            [.. plan.Runs.Where(r => r.Id != query.Id), query],
            [.. plan.Points.Where(p => p.Experiment == query.Experiment)]) { Tables = plan.Tables };
        return new SearchQuery(asked, query, queryPlan, fingerprints.Computed);
    }

    private static string Measure(EfficiencyKind efficiency) => efficiency switch
    {
        EfficiencyKind.Flops => $"FLOPs ({EfficiencyTarget.FlopsUnit})",
        EfficiencyKind.Latency => $"latency ({EfficiencyTarget.LatencyUnit})",
    };

    /// <summary>The run asked for, and the first planned search run whose lineage contains it.</summary>
    /// <param name="unplanned">Experiments left out because their data set is not installed here.</param>
    private static (PlannedRun Run, PlannedRun Template) Template(RunPlan plan, string prefix, string directory, IReadOnlyList<string> unplanned)
    {
        var matches = plan.Runs.Where(r => r.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (matches.Count != 1)
        {
            var skipped = unplanned.Count == 0
                ? ""
                : $" (not looked in, as their data set is not installed here: {string.Join(", ", unplanned)})";
            throw new OfaExpException(matches.Count == 0
                ? $"no run {prefix} in {directory}: no planned run id starts with it{skipped}. Run 'ofaexp plan DIR' to list run ids."
                : $"The prefix '{prefix}' matches {matches.Count} planned runs; give more characters.");
        }

        var byId = plan.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var run in plan.Runs.Where(r => r.Role == PhaseRole.Search))
        {
            for (var at = run.ParentId; at is not null; at = byId[at].ParentId)
            {
                if (at == matches[0].Id || run.Id == matches[0].Id)
                {
                    return (matches[0], run);
                }
            }
        }

        throw new OfaExpException(
            $"Run {RunIdentity.Short(matches[0].Id)} ({matches[0].Experiment}/{matches[0].Phase}) has no search phase after it in {directory}: "
            + "add accuracy_dataset, predictor (latency_table) and search phases to its experiment's pipeline, as experiments/multilat does.");
    }
}
