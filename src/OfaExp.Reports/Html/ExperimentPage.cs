using OfaExp.Core.Hashing;

namespace OfaExp.Reports.Html;

/// <summary>One experiment: its description, run graph, runs, declared tables and figures.</summary>
internal static class ExperimentPage
{
    public static SiteFile Build(ReportContext context, ReportExperiment experiment)
    {
        var page = new HtmlPage(SitePaths.Experiment(experiment.Name), $"{experiment.Name} — OfaExp report");
        var runs = context.RunsOf(experiment);
        page.Heading(1, $"Experiment {experiment.Name}");
        page.Paragraph(experiment.Description.Length == 0 ? "(no description)" : experiment.Description, "description");
        page.Paragraph(Markup.Concat(
            Markup.Text($"{IndexPage.Count(experiment.Points.Count, "sweep point")}, {IndexPage.Count(runs.Count, "run")}: "),
            IndexPage.StatusCounts(runs)));

        page.Heading(2, "Run graph", "graph");
        page.Paragraph("One row per sweep point, one column per phase. A run shared by several points spans them, or says how many share it.");
        page.Append(RunGraph.Build(page, context, experiment));

        page.Heading(2, "Runs", "runs");
        page.Table(
            ["run", "phase", "status", "parent", "teacher", "sweep points"],
            runs.Select(r => (IReadOnlyList<Markup>)
            [
                RunGraph.RunLink(page, r),
                Markup.Text(r.Phase),
                RunGraph.Status(r.Status),
                Reference(page, context, r.ParentId),
                Reference(page, context, r.TeacherId),
                Markup.Text(context.PointsOf(r.Id).Count(p => p.Experiment == experiment).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]),
            c => c == 5);

        page.Heading(2, "Tables", "tables");
        if (experiment.Tables.Count == 0)
        {
            page.Paragraph("This experiment declares no tables.", "empty");
        }

        foreach (var table in experiment.Tables)
        {
            page.Heading(3, table.Name, "table-" + table.Name);
            page.Paragraph(page.Link(SitePaths.TableCsv(experiment.Name, table.Name), table.Name + ".csv"));
            if (table.Rows.Count == 0)
            {
                page.Paragraph("No finished runs recorded yet.", "empty");
            }

            var numeric = Enumerable.Range(0, table.Header.Count)
                .Select(c => table.Rows.Any(r => r[c].Length > 0) && table.Rows.All(r => r[c].Length == 0 || InvariantNumber.TryParse(r[c], out _)))
                .ToList();
            page.Table(table.Header, table.Rows.Select(r => (IReadOnlyList<Markup>)r.Select(Markup.Text).ToList()), c => numeric[c]);
        }

        page.Heading(2, "Figures", "figures");
        if (experiment.Figures.Count == 0)
        {
            page.Paragraph("This experiment declares no figures.", "empty");
        }

        foreach (var figure in experiment.Figures)
        {
            var svg = SitePaths.Figure(experiment.Name, figure.Name);
            page.Append(new Markup(
                $"<figure id=\"figure-{Markup.Escape(figure.Name)}\"><img src=\"{page.Href(svg)}\" alt=\"{Markup.Escape(figure.Title)}\">"
                + $"<figcaption>{Markup.Escape(figure.Title)} ({page.Link(svg, figure.Name + ".svg").Html})</figcaption></figure>"));
        }

        return page.ToFile();
    }

    /// <summary>A link to a run of the plan by id, or "-" for none.</summary>
    public static Markup Reference(HtmlPage page, ReportContext context, string? id) =>
        id is null ? Markup.Text("-")
        : context.Runs.TryGetValue(id, out var run) ? RunGraph.RunLink(page, run)
        : Markup.Element("span", Markup.Text(RunIdentity.Short(id)), "id");
}
