using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Execution.Planning;

namespace OfaExp.Cli.Commands;

/// <summary>
/// `ofaexp search RUN_ID --target T`: a one-off search of a trained supernet run for one target, planned by
/// <see cref="SearchQueryPlanner"/> (the search phase of an experiment whose lineage contains the run, with its
/// targets and strategy replaced); the query is a run like any other, recorded in the store and found done when asked
/// again.
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

            var planned = SearchQueryPlanner.Plan(experiments.Value() ?? "experiments", prefix, parsed, strategies.Parse(strategyName));
            var (asked, query) = (planned.Asked, planned.Query);
            using (var store = common.Workspace.OpenStore())
            {
                if (store.Find(asked.Id)?.Status != RunStatus.Done)
                {
                    throw new OfaExpException($"Run {RunIdentity.Short(asked.Id)} ({asked.Experiment}/{asked.Phase}) is not done; train it first: 'ofaexp run {RunIdentity.Short(asked.Id)}' or sweep its experiment.");
                }
            }

            var exit = SweepCommand.Execute(planned.Plan, [query.Id], common.Workspace, planned.Fingerprints);
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
}
