using OfaExp.Core.Errors;
using OfaExp.Core.Planning;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Search;

namespace OfaExp.Execution.Planning;

/// <summary>
/// Refuses a search target outside what its space can reach before anything runs (exit 2, naming the experiment,
/// the target and the range). FLOPs ranges follow from the plan alone (the analytic cost model in Core), so every
/// command that plans checks them. A latency range needs the lineage's measured table, so it is checked once the
/// table is recorded, and otherwise by the search run itself. Torch-free: plan never loads libtorch.
/// </summary>
public static class SearchTargetCheck
{
    /// <summary>The FLOPs targets of every search run among <paramref name="runs"/>.</summary>
    /// <param name="counted">
    /// Data sets whose classes were counted already (an image folder's are its folders, counted by walking them),
    /// shared by the calls of one plan so each folder is walked once; null for a one-off check.
    /// </param>
    /// <exception cref="OfaExpException">A target is out of range.</exception>
    public static void Flops(IEnumerable<PlannedRun> runs, Dictionary<DataSpec, DataSpec>? counted = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        counted ??= [];
        foreach (var run in runs)
        {
            if (run.Role == PhaseRole.Search && run.Spec.Search is { Efficiency: EfficiencyKind.Flops } search)
            {
                if (!counted.TryGetValue(run.Spec.Data, out var data))
                {
                    data = Data.DatasetCatalog.WithCounts(run.Spec.Data);
                    counted[run.Spec.Data] = data;
                }

                Check(run, search, SearchCosts.Flops(run.Spec.Supernet, data.Info));
            }
        }
    }

    /// <summary>The latency targets of every search run whose lineage's latency table <paramref name="recordedModel"/> gives (a done run's model, or null).</summary>
    /// <exception cref="OfaExpException">A target is out of range.</exception>
    public static void Latency(RunPlan plan, Func<string, byte[]?> recordedModel)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recordedModel);
        var byId = plan.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var run in plan.Runs)
        {
            if (run.Role != PhaseRole.Search || run.Spec.Search is not { Efficiency: EfficiencyKind.Latency } search)
            {
                continue;
            }

            var table = Ancestors(run, byId).FirstOrDefault(a => a.Role == PhaseRole.LatencyTable);
            if (table is not null && recordedModel(table.Id) is { } bytes)
            {
                Check(run, search, CostTable.FromBytes(bytes));
            }
        }
    }

    private static void Check(PlannedRun run, SearchSpec search, CostTable costs)
    {
        try
        {
            costs.RangeOver(search.Resolutions).Check(search.Targets);
        }
        catch (OfaExpException e)
        {
            throw new OfaExpException($"{Path.Combine(run.Spec.Directory, "experiment.yaml")}: search.targets: {e.Message}", e.ExitCode, e);
        }
    }

    private static IEnumerable<PlannedRun> Ancestors(PlannedRun run, Dictionary<string, PlannedRun> byId)
    {
        for (var at = run.ParentId; at is not null && byId.TryGetValue(at, out var ancestor); at = ancestor.ParentId)
        {
            yield return ancestor;
        }
    }
}
