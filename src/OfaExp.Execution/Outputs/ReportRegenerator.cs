using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Figures;
using OfaExp.Reports;
using OfaExp.Reports.Figures;
using OfaExp.Reports.Html;
using OfaExp.Storage;

namespace OfaExp.Execution.Outputs;

/// <summary>
/// Gathers what the report shows from the plan and the store (read only), then writes the site. Tables and figures
/// come from <see cref="DoneRuns"/>, as <see cref="TableRegenerator"/> and <see cref="FigureRegenerator"/> build them.
/// </summary>
public static class ReportRegenerator
{
    public static (IReadOnlyList<SiteFile> Files, ReportWriteResult Written) Regenerate(RunPlan plan, RunStore? store, string reportDir)
    {
        var files = ReportSite.Build(Gather(plan, store));
        return (files, ReportWriter.Write(reportDir, files));
    }

    public static ReportInput Gather(RunPlan plan, RunStore? store)
    {
        var records = (store?.Get(plan.Runs.Select(r => r.Id)) ?? []).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var runs = plan.Runs.Select(r => records.TryGetValue(r.Id, out var record)
                ? Run(r, new RecordedRun(record, store!.Metrics(r.Id), store.Evaluations(r.Id)), store.Artifacts(r.Id))
                : Run(r, null, []))
            .ToList();
        // Read once: the tables and figures below are built from the same records, not read again.
        var recorded = runs.Where(r => r.Recorded is not null).ToDictionary(r => r.Id, r => r.Recorded!, StringComparer.Ordinal);

        var experiments = new List<ReportExperiment>();
        foreach (var experiment in plan.Experiments)
        {
            var gathered = DoneRuns.Of(plan, experiment.Name, recorded);
            var (points, done) = (gathered.Points, gathered.Done);
            var tables = (plan.Tables.GetValueOrDefault(experiment.Name) ?? []).Select(spec => TableBuilder.Build(spec, done, points)).ToList();
            var figures = plan.Figures.GetValueOrDefault(experiment.Name) ?? [];
            experiments.Add(new ReportExperiment(
                experiment.Name,
                plan.Descriptions.GetValueOrDefault(experiment.Name) ?? string.Empty,
                points,
                tables,
                figures.Select(spec =>
                {
                    var data = FigureBuilder.Build(spec, done, points);
                    return new ReportFigure(spec.Name, data.Title, FigureRenderer.Render(data).Svg);
                }).ToList()));
        }

        return new ReportInput(experiments, runs);
    }

    private static ReportRun Run(PlannedRun run, RecordedRun? recorded, IReadOnlyList<ArtifactRecord> artifacts) =>
        new(run.Id, run.Experiment, run.Phase, run.ParentId, run.TeacherId, run.ConfigJson, recorded, artifacts);
}
