using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Figures;
using OfaExp.Reports.Figures;
using OfaExp.Storage;

namespace OfaExp.Execution.Outputs;

/// <summary>
/// Redraws every declared figure of a plan's experiments from the store alone, from <see cref="DoneRuns"/>.
/// </summary>
public static class FigureRegenerator
{
    /// <returns>(path of the SVG, changed) for each figure, in declaration order.</returns>
    public static IReadOnlyList<(string Path, bool Changed)> Regenerate(RunPlan plan, RunStore? store, string figuresDir)
    {
        var written = new List<(string, bool)>();
        foreach (var experiment in plan.Experiments)
        {
            if (!plan.Figures.TryGetValue(experiment.Name, out var figures) || figures.Count == 0)
            {
                continue;
            }

            var records = DoneRuns.Of(plan, experiment.Name, store);
            var directory = Path.Combine(figuresDir, experiment.Name.Replace('/', Path.DirectorySeparatorChar));
            foreach (var spec in figures)
            {
                var figure = FigureRenderer.Render(FigureBuilder.Build(spec, records.Done, records.Points));
                var changed = FigureWriter.Write(directory, figure);
                written.Add((Path.Combine(directory, spec.Name + ".svg"), changed));
            }
        }

        return written;
    }
}
