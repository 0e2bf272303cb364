using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Reports;
using OfaExp.Storage;

namespace OfaExp.Execution.Outputs;

/// <summary>
/// Rebuilds every declared table of a plan's experiments from the store alone, from <see cref="DoneRuns"/>.
/// </summary>
public static class TableRegenerator
{
    /// <returns>(path, changed) for each table written.</returns>
    public static IReadOnlyList<(string Path, bool Changed)> Regenerate(RunPlan plan, RunStore? store, string tablesDir)
    {
        var written = new List<(string, bool)>();
        foreach (var experiment in plan.Experiments)
        {
            var tables = plan.Tables.GetValueOrDefault(experiment.Name) ?? [];
            if (tables.Count == 0)
            {
                continue;
            }

            var records = DoneRuns.Of(plan, experiment.Name, store);
            var directory = Path.Combine(tablesDir, experiment.Name.Replace('/', Path.DirectorySeparatorChar));
            foreach (var spec in tables)
            {
                var csv = TableCsv.Render(TableBuilder.Build(spec, records.Done, records.Points));
                var changed = TableWriter.Write(directory, spec, csv);
                written.Add((Path.Combine(directory, spec.Name + ".csv"), changed));
            }
        }

        return written;
    }
}
