using System.Globalization;

namespace OfaExp.Reports.Html;

/// <summary>The report's front page: every experiment with its run counts, or the note that nothing has run yet.</summary>
internal static class IndexPage
{
    public static readonly string[] Statuses = ["done", "failed", "running", "pending", ReportRun.Missing];

    public static SiteFile Build(ReportContext context)
    {
        var page = new HtmlPage(SitePaths.Index, "OfaExp report");
        page.Heading(1, "OfaExp report");
        var runs = context.Input.Runs;
        if (runs.Count > 0 && context.NothingRan)
        {
            page.Paragraph(Markup.Concat(
                Markup.Text("Nothing has run yet: no run of these experiments has been recorded in the run store. "),
                Markup.Element("code", Markup.Text("ofaexp sweep DIR")),
                Markup.Text(" trains them; "),
                Markup.Element("code", Markup.Text("ofaexp report DIR")),
                Markup.Text(" then shows their results here. The run graph below is the plan.")), "empty");
        }

        page.Paragraph(Markup.Concat(Markup.Text($"{Count(context.Input.Experiments.Count, "experiment")}, {Count(runs.Count, "run")}: "), StatusCounts(runs)));
        page.Heading(2, "Experiments");
        if (context.Input.Experiments.Count == 0)
        {
            page.Paragraph("No experiment.", "empty");
        }
        else
        {
            page.Table(
                ["experiment", "description", "points", "runs", .. Statuses, "tables", "figures"],
                context.Input.Experiments.Select(e => Row(page, context, e)),
                c => c >= 2);
        }

        return page.ToFile();
    }

    /// <summary>"3 done, 1 failed" over the statuses that occur, in a fixed order.</summary>
    public static Markup StatusCounts(IEnumerable<ReportRun> runs)
    {
        var counts = runs.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var parts = Statuses.Where(counts.ContainsKey).Select(s => Markup.Element("span", Markup.Text($"{counts[s]} {s}"), $"status {s}")).ToList();
        return parts.Count == 0 ? Markup.Text("none") : Markup.Join(", ", parts);
    }

    public static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");

    private static IReadOnlyList<Markup> Row(HtmlPage page, ReportContext context, ReportExperiment experiment)
    {
        var runs = context.RunsOf(experiment);
        IReadOnlyList<Markup> cells =
        [
            page.Link(SitePaths.Experiment(experiment.Name), experiment.Name),
            Markup.Text(experiment.Description),
            Number(experiment.Points.Count),
            Number(runs.Count),
            .. Statuses.Select(s => Number(runs.Count(r => r.Status == s))),
            Number(experiment.Tables.Count),
            Number(experiment.Figures.Count),
        ];
        return cells;
    }

    private static Markup Number(int n) => Markup.Text(n.ToString(CultureInfo.InvariantCulture));
}
