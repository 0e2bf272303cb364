using System.Globalization;
using System.Text;

namespace OfaExp.Reports.Html;

/// <summary>
/// An experiment's run graph as a table: one row per sweep point, one column per phase, each cell the point's run
/// of that phase with its status. Points of a sweep that share a run (a prefix of their pipelines) are usually
/// neighbours, so one cell spans them; a run shared by points further apart says how many points share it.
/// </summary>
internal static class RunGraph
{
    public static Markup Build(HtmlPage page, ReportContext context, ReportExperiment experiment)
    {
        var phases = Phases(context, experiment);
        var grid = experiment.Points
            .Select(p =>
            {
                var row = new string?[phases.Count];
                foreach (var id in p.RunIds)
                {
                    row[phases.IndexOf(context.Runs[id].Phase)] = id;
                }

                return row;
            })
            .ToList();

        var html = new StringBuilder(HtmlPage.Wide + "<table class=\"graph\">\n<thead><tr><th>sweep point</th>");
        foreach (var phase in phases)
        {
            html.Append("<th>").Append(Markup.Escape(phase)).Append("</th>");
        }

        html.Append("</tr></thead>\n<tbody>\n");
        for (var r = 0; r < grid.Count; r++)
        {
            html.Append("<tr><td><code>").Append(Markup.Escape(experiment.Points[r].Label)).Append("</code></td>");
            for (var c = 0; c < phases.Count; c++)
            {
                var id = grid[r][c];
                if (id is null)
                {
                    html.Append("<td class=\"empty\">not in this point's pipeline</td>");
                    continue;
                }

                if (r > 0 && grid[r - 1][c] == id)
                {
                    continue;
                }

                var span = 1;
                while (r + span < grid.Count && grid[r + span][c] == id)
                {
                    span++;
                }

                html.Append(span == 1 ? "<td>" : string.Create(CultureInfo.InvariantCulture, $"<td rowspan=\"{span}\">"))
                    .Append(Cell(page, context, experiment, context.Runs[id]).Html)
                    .Append("</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>");
        return new Markup(html.ToString());
    }

    /// <summary>A run's id (linked to its page) and status, and how many points share it when more than one.</summary>
    public static Markup Cell(HtmlPage page, ReportContext context, ReportExperiment experiment, ReportRun run)
    {
        var sharing = context.PointsOf(run.Id).Count(p => p.Experiment == experiment);
        return Markup.Concat(
            RunLink(page, run),
            Markup.Text(" "),
            Status(run.Status),
            sharing > 1 ? Markup.Concat(Markup.Text(" "), Markup.Element("span", Markup.Text($"shared by {sharing} points"), "shared")) : Markup.Empty);
    }

    public static Markup RunLink(HtmlPage page, ReportRun run) =>
        page.Link(SitePaths.Run(run.Id), Core.Hashing.RunIdentity.Short(run.Id), "id");

    public static Markup Status(string status) => Markup.Element("span", Markup.Text(status), $"status {status}");

    /// <summary>
    /// The phases of every point, each once, in pipeline order: points of a sweep over supernet variants may drop
    /// phases that do not apply, so each point's phases are merged in after the phase they follow.
    /// </summary>
    private static List<string> Phases(ReportContext context, ReportExperiment experiment)
    {
        var phases = new List<string>();
        foreach (var point in experiment.Points)
        {
            var at = 0;
            foreach (var id in point.RunIds)
            {
                var phase = context.Runs[id].Phase;
                var index = phases.IndexOf(phase);
                if (index < 0)
                {
                    phases.Insert(at, phase);
                    index = at;
                }

                at = index + 1;
            }
        }

        return phases;
    }
}
