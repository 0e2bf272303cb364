using OfaExp.Core.Hashing;

namespace OfaExp.Reports.Html;

/// <summary>Two sibling runs compared, as `ofaexp compare A B` prints them: config diff, shared ancestry, metric deltas.</summary>
internal static class ComparePage
{
    public static SiteFile Build(ReportContext context, ReportRun a, ReportRun b)
    {
        var comparison = RunComparison.Compare(a.Recorded!, b.Recorded!, id => context.Runs.TryGetValue(id, out var r) ? r.Recorded?.Run : null);
        var page = new HtmlPage(context.ComparePage(a.Id, b.Id), $"compare {RunIdentity.Short(a.Id)} and {RunIdentity.Short(b.Id)} — OfaExp report");
        page.Heading(1, $"Compare {RunIdentity.Short(a.Id)} and {RunIdentity.Short(b.Id)} ({a.Phase})");
        page.Table(
            ["", "run", "experiment", "phase", "status", "sweep points"],
            new[] { ("A", a), ("B", b) }.Select(x => (IReadOnlyList<Markup>)
            [
                Markup.Text(x.Item1),
                RunGraph.RunLink(page, x.Item2),
                page.Link(SitePaths.Experiment(x.Item2.Experiment), x.Item2.Experiment),
                Markup.Text(x.Item2.Phase),
                RunGraph.Status(x.Item2.Status),
                Markup.Join("; ", context.PointsOf(x.Item2.Id).Select(p => Markup.Element("code", Markup.Text(p.Point.Label)))),
            ]));

        Differences(page, "Identity", "key", comparison.IdentityDifferences);
        Differences(page, "Inputs", "path", comparison.InputDifferences);

        page.Heading(2, "Ancestry", "ancestry");
        var common = comparison.Ancestry.CommonAncestorId;
        page.Fields(
        [
            ("common ancestor", common is null ? Markup.Text("none") : Entry(page, context, comparison.Ancestry.LineageA.First(e => e.Id == common))),
            ("A", Markup.Join(" ← ", comparison.Ancestry.LineageA.Select(e => Entry(page, context, e)))),
            ("B", Markup.Join(" ← ", comparison.Ancestry.LineageB.Select(e => Entry(page, context, e)))),
        ]);

        Deltas(page, "Metrics (last epoch-level value)", "metric", comparison.Metrics, "No epoch-level metrics recorded.");
        if (comparison.Subnets.Count > 0)
        {
            Deltas(page, "Subnets (evaluations of the final model)", "subnet", comparison.Subnets, string.Empty);
        }

        return page.ToFile();
    }

    private static void Differences(HtmlPage page, string title, string keyHeader, IReadOnlyList<ConfigDifference> differences)
    {
        page.Heading(2, title, title.ToLowerInvariant());
        if (differences.Count == 0)
        {
            page.Paragraph("No differences.", "empty");
            return;
        }

        page.Table(
            [keyHeader, "A", "B"],
            differences.Select(d => (IReadOnlyList<Markup>)
            [
                Markup.Element("code", Markup.Text(d.Key)),
                Markup.Element("code", Markup.Text(RunComparisonText.Value(d.A)), "hash"),
                Markup.Element("code", Markup.Text(RunComparisonText.Value(d.B)), "hash"),
            ]));
    }

    private static void Deltas(HtmlPage page, string title, string nameHeader, IReadOnlyList<MetricDelta> deltas, string none)
    {
        page.Heading(2, title, nameHeader + "s");
        if (deltas.Count == 0)
        {
            page.Paragraph(none, "empty");
            return;
        }

        page.Table(
            [nameHeader, "A", "B", "B-A"],
            deltas.Select(d => (IReadOnlyList<Markup>)
            [
                Markup.Element("code", Markup.Text(d.Name)),
                Markup.Text(RunComparisonText.Number(d.A)),
                Markup.Text(RunComparisonText.Number(d.B)),
                Markup.Text(RunComparisonText.Signed(d.Delta)),
            ]),
            c => c > 0);
    }

    private static Markup Entry(HtmlPage page, ReportContext context, LineageEntry entry) =>
        Markup.Concat(ExperimentPage.Reference(page, context, entry.Id), Markup.Text(" " + (entry.Phase ?? "(not in store)")));
}
