using OfaExp.Execution;
using OfaExp.Execution.Planning;
using System.Globalization;
using System.Text.Json.Nodes;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Storage;

namespace OfaExp.Cli.Commands;

/// <summary>
/// `ofaexp search RUN_ID --target T`: a one-off search of a trained supernet run for one target. It reuses the
/// search phase of an experiment whose lineage contains the run (the predictor, latency table and settings come from
/// there), with its targets and strategy replaced; the query is a run like any other, with its own id, recorded in
/// the store and found done when asked again.
/// </summary>
public static class SearchCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Search a trained supernet run for the best subnet under one efficiency target.";
        var id = cmd.Argument("RUN_ID", "A done supernet run (or any run of its lineage) whose experiment has a search phase; unique prefix");
        var target = cmd.Option("--target <TARGET>", "The efficiency target with its unit, e.g. 3MFLOPs or 15ms", CommandOptionType.SingleValue);
        var strategy = cmd.Option("--strategy <STRATEGY>", "independent (default), bottom_up or top_down", CommandOptionType.SingleValue);
        var experiments = cmd.Option("--experiments <DIR>", "Where the experiment is (default: experiments)", CommandOptionType.SingleValue);
        var common = new CommonOptions(cmd);
        cmd.OnExecute(() =>
        {
            var prefix = Args.Required(id).ToLowerInvariant();
            var parsed = ParseTarget(target.Value());
            var strategies = SearchStrategyNames.Spelling;
            var strategyName = strategy.Value() ?? strategies.Name(SearchStrategy.Independent);
            if (!strategies.All.Contains(strategyName))
            {
                throw new OfaExpException($"--strategy '{strategyName}' is not a search strategy; choose one of {string.Join(", ", strategies.All)}.");
            }

            var fingerprints = new FingerprintSource(null);

            // The run is looked up among every experiment, the GPU presets whose data set is not installed here
            // included: such a preset's runs get ids no recorded run can have, so they never match a prefix, are
            // left out of the search's plan, and are named if nothing matches.
            var missing = new HashSet<string>(StringComparer.Ordinal);
            string Fingerprint(DataSpec data)
            {
                try
                {
                    return fingerprints.Fingerprint(data);
                }
                catch (OfaExpException)
                {
                    var key = Data.DatasetFingerprint.KeyOf(data);
                    missing.Add(key);
                    return "missing:" + key;
                }
            }

            bool DataMissing(PlannedRun r) => missing.Contains(Data.DatasetFingerprint.KeyOf(r.Spec.Data));
            var plan = PlanBuilder.Build(experiments.Value() ?? "experiments", [], Fingerprint, torchBackend: DeviceKind.Cuda);
            var unplanned = plan.Runs.Where(DataMissing).Select(r => r.Experiment).Distinct().Order(StringComparer.Ordinal).ToList();
            plan = plan with { Runs = [.. plan.Runs.Where(r => !DataMissing(r))] };
            var (plannedRun, template) = Template(plan, prefix, experiments.Value() ?? "experiments", unplanned);
            var query = Query(template, parsed, strategyName);
            var search = query.Spec.Search!;
            if (search.Efficiency != parsed.Kind)
            {
                throw new OfaExpException($"--target {parsed} is in {parsed.Unit}, but {query.Experiment} searches {(search.Efficiency == EfficiencyKind.Flops ? "FLOPs (MFLOPs)" : "latency (ms)")}; give the target in that unit.");
            }

            // The query is planned here, not by PlanBuilder, so its FLOPs target is checked here: bad input before
            // anything is claimed or written, like a planned search's.
            SearchTargetCheck.Flops([query]);
            using (var store = common.Workspace.OpenStore())
            {
                if (store.Find(plannedRun.Id)?.Status != RunStatus.Done)
                {
                    throw new OfaExpException($"Run {RunIdentity.Short(plannedRun.Id)} ({plannedRun.Experiment}/{plannedRun.Phase}) is not done; train it first: 'ofaexp run {RunIdentity.Short(plannedRun.Id)}' or sweep its experiment.");
                }
            }

            var queryPlan = new RunPlan(
                [.. plan.Experiments.Where(e => e.Name == query.Experiment)],
                [.. plan.Runs, query],
                [.. plan.Points.Where(p => p.Experiment == query.Experiment)]);
            var exit = SweepCommand.Execute(queryPlan, [query.Id], common.Workspace, fingerprints.Computed);
            using var reader = common.Workspace.OpenStore();
            foreach (var e in reader.Evaluations(query.Id))
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"search {RunIdentity.Short(query.Id)} target {e.Name} ({strategyName}): {e.Architecture}\n  predicted top-1 {e.PredictedTop1:F2}%, measured top-1 {e.Top1:F2}%; {e.Flops / 1e6:F3} MFLOPs, predicted cost {e.PredictedCost:F3} {parsed.Unit}, measured latency {e.LatencyMs:F3} ms"));
            }

            return exit;
        });
    }

    private static EfficiencyTarget ParseTarget(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new OfaExpException("--target is required, e.g. --target 3MFLOPs or --target 15ms.");
        }

        try
        {
            return EfficiencyTarget.Parse(text);
        }
        catch (FormatException e)
        {
            throw new OfaExpException($"--target: {e.Message}", ExitCodes.BadInput, e);
        }
    }

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

    /// <summary>The template search run with one target and the strategy replaced; its id hashes exactly that change.</summary>
    private static PlannedRun Query(PlannedRun template, EfficiencyTarget target, string strategy)
    {
        var identity = JsonNode.Parse(template.ConfigJson)!.AsObject();
        var inputs = identity["inputs"]!.AsObject();
        inputs["search.targets"] = new JsonArray(JsonValue.Create(target.ToString()));
        inputs["search.strategy"] = strategy;
        var json = identity.ToJsonString();
        var spec = template.Spec with { Search = template.Spec.Search! with { Targets = [target], Strategy = SearchStrategyNames.Spelling.Parse(strategy) } };
        return template with { Id = RunIdentity.Sha256Hex(json), ConfigJson = json, Spec = spec, Points = [$"search {target} ({strategy})"] };
    }
}
