using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Figures;
using OfaExp.Reports.Figures;
using OfaExp.Storage;

namespace OfaExp.Cli.Output;

/// <summary>
/// Redraws every declared figure of a plan's experiments from the store alone, like <see cref="TableRegenerator"/>:
/// only the current plan's finished runs count.
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

            var runs = plan.RunsOf(experiment.Name).ToList();
            var points = plan.Points.Where(p => p.Experiment == experiment.Name).ToList();
            var status = store?.StatusOf(runs.Select(r => r.Id)) ?? new Dictionary<string, RunStatus>();
            var recorded = runs.Where(r => status.GetValueOrDefault(r.Id) == RunStatus.Done).Select(r => store!.Recorded(r.Id)).ToList();
            var directory = Path.Combine(figuresDir, experiment.Name.Replace('/', Path.DirectorySeparatorChar));
            foreach (var spec in figures)
            {
                var figure = FigureRenderer.Render(FigureBuilder.Build(spec, recorded, points));
                var changed = FigureWriter.Write(directory, figure);
                written.Add((Path.Combine(directory, spec.Name + ".svg"), changed));
            }
        }

        return written;
    }
}
