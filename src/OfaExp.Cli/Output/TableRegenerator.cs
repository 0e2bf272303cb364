using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Reports;
using OfaExp.Storage;

namespace OfaExp.Cli.Output;

/// <summary>
/// Rebuilds every declared table of a plan's experiments from the store alone: only the runs of the current plan
/// that are done count, so stale runs of an edited experiment never leak into its tables.
/// </summary>
public static class TableRegenerator
{
    /// <returns>(path, changed) for each table written.</returns>
    public static IReadOnlyList<(string Path, bool Changed)> Regenerate(RunPlan plan, RunStore? store, string tablesDir)
    {
        var written = new List<(string, bool)>();
        foreach (var experiment in plan.Experiments)
        {
            var runs = plan.RunsOf(experiment.Name).ToList();
            var tables = runs.FirstOrDefault()?.Spec.Tables ?? [];
            if (tables.Count == 0)
            {
                continue;
            }

            var points = plan.Points.Where(p => p.Experiment == experiment.Name).ToList();
            var status = store?.StatusOf(runs.Select(r => r.Id)) ?? new Dictionary<string, RunStatus>();
            var recorded = runs.Where(r => status.GetValueOrDefault(r.Id) == RunStatus.Done).Select(r => store!.Recorded(r.Id)).ToList();
            var directory = Path.Combine(tablesDir, experiment.Name.Replace('/', Path.DirectorySeparatorChar));
            foreach (var spec in tables)
            {
                var csv = TableCsv.Render(TableBuilder.Build(spec, recorded, points));
                var changed = TableWriter.Write(directory, spec, csv);
                written.Add((Path.Combine(directory, spec.Name + ".csv"), changed));
            }
        }

        return written;
    }
}
