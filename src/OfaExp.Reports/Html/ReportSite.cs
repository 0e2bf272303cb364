using System.Text;

namespace OfaExp.Reports.Html;

/// <summary>
/// Builds the static report site: an index, a page per experiment (description, run graph, tables, figures), a
/// provenance page per run and a page per compared pair of sibling runs, plus the figures' SVG and the tables'
/// CSV files. A pure function of its input: no clock, no absolute path, invariant culture, files in path order.
/// </summary>
public static class ReportSite
{
    /// <summary>How many siblings before and after it in plan order a run is compared with.</summary>
    public const int CompareWindow = 8;

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static IReadOnlyList<SiteFile> Build(ReportInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var context = new ReportContext(input);
        var files = new List<SiteFile> { IndexPage.Build(context) };
        foreach (var experiment in input.Experiments)
        {
            files.Add(ExperimentPage.Build(context, experiment));
            files.AddRange(experiment.Figures.Select(f => new SiteFile(SitePaths.Figure(experiment.Name, f.Name), Utf8NoBom.GetBytes(f.Svg))));
            files.AddRange(experiment.Tables.Select(t => new SiteFile(SitePaths.TableCsv(experiment.Name, t.Name), Utf8NoBom.GetBytes(TableCsv.Render(t)))));
        }

        files.AddRange(input.Runs.Select(r => RunPage.Build(context, r)));
        files.AddRange(context.Pairs.Select(p => ComparePage.Build(context, context.Runs[p.A], context.Runs[p.B])));
        return files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
    }
}
