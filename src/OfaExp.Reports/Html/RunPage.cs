using System.Globalization;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Reports.Html;

/// <summary>
/// A run's provenance, as `ofaexp show` prints it: where and how it ran, its lineage, what its id hashes, its
/// metrics, subnet evaluations and artifacts, and links to its comparisons with its siblings.
/// </summary>
internal static class RunPage
{
    public static SiteFile Build(ReportContext context, ReportRun run)
    {
        var shortId = RunIdentity.Short(run.Id);
        var page = new HtmlPage(SitePaths.Run(run.Id), $"run {shortId} ({run.Phase}) — OfaExp report");
        page.Heading(1, $"Run {shortId} ({run.Phase})");
        page.Fields(Provenance(page, context, run));
        if (run.Recorded is null)
        {
            page.Paragraph("This run is planned but not recorded in the run store: no sweep has reached it yet.", "empty");
        }

        page.Heading(2, "Sweep points", "points");
        page.Table(
            ["experiment", "sweep point"],
            context.PointsOf(run.Id).Select(p => (IReadOnlyList<Markup>)
                [page.Link(SitePaths.Experiment(p.Experiment.Name), p.Experiment.Name), Markup.Element("code", Markup.Text(p.Point.Label))]));

        page.Heading(2, "Lineage (oldest first)", "lineage");
        page.Table(
            ["run", "phase", "status"],
            context.Lineage(run).Select(r => (IReadOnlyList<Markup>)
            [
                r.Id == run.Id ? Markup.Concat(Markup.Element("span", Markup.Text(shortId), "id"), Markup.Text(" (this run)")) : RunGraph.RunLink(page, r),
                Markup.Text(r.Phase),
                RunGraph.Status(r.Status),
            ]));

        page.Heading(2, "Identity (what the run id hashes)", "identity");
        var config = RunConfig.Parse(run.Id, run.ConfigJson);
        page.Table(
            ["key", "value"],
            config.Identity.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Concat(config.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
                .Select(p => (IReadOnlyList<Markup>)[Markup.Element("code", Markup.Text(p.Key)), Markup.Element("code", Markup.Text(JsonValueText.Compact(p.Value)), "hash")]));

        AppendMetrics(page, run.Recorded);
        AppendEvaluations(page, run.Recorded?.Evaluations ?? []);
        AppendArtifacts(page, run.Artifacts);

        page.Heading(2, "Compare", "compare");
        var siblings = context.SiblingsOf(run.Id);
        if (siblings.Count == 0)
        {
            page.Paragraph("No recorded sibling run (the same phase of this experiment at another sweep point) to compare with.", "empty");
        }
        else
        {
            page.Table(
                ["with run", "status", "sweep points"],
                siblings.Select(id => context.Runs[id]).Select(s => (IReadOnlyList<Markup>)
                [
                    page.Link(context.ComparePage(run.Id, s.Id), $"compare with {RunIdentity.Short(s.Id)}"),
                    RunGraph.Status(s.Status),
                    Markup.Join("; ", context.PointsOf(s.Id).Select(p => Markup.Element("code", Markup.Text(p.Point.Label)))),
                ]));
        }

        return page.ToFile();
    }

    private static List<(string, Markup)> Provenance(HtmlPage page, ReportContext context, ReportRun run)
    {
        var experiments = context.PointsOf(run.Id).Select(p => p.Experiment).Distinct().ToList();
        var fields = new List<(string, Markup)>
        {
            ("id", Markup.Element("code", Markup.Text(run.Id), "hash")),
            ("experiment", experiments.Count == 0
                ? Markup.Text(run.Experiment)
                : Markup.Join(", ", experiments.Select(e => page.Link(SitePaths.Experiment(e.Name), e.Name)))),
            ("phase", Markup.Text(run.Phase)),
        };

        var record = run.Recorded?.Run;
        fields.Add(("status", record is null
            ? RunGraph.Status(run.Status)
            : Markup.Concat(RunGraph.Status(run.Status), Markup.Text(string.Create(CultureInfo.InvariantCulture, $" (attempts {record.Attempts})")))));
        if (record?.Error is { } error)
        {
            fields.Add(("error", Markup.Element("span", Markup.Text(error), "error")));
        }

        fields.Add(("parent", ExperimentPage.Reference(page, context, run.ParentId)));
        fields.Add(("teacher", ExperimentPage.Reference(page, context, run.TeacherId)));
        if (record is null)
        {
            return fields;
        }

        fields.Add(("host", Markup.Text(record.Host is null ? "-" : record.Pid is { } pid ? string.Create(CultureInfo.InvariantCulture, $"{record.Host} (pid {pid})") : record.Host)));
        fields.Add(("device", Markup.Text(record.Device ?? "-")));
        fields.Add(("hardware", Markup.Element("code", Markup.Text(RunComparisonText.Hardware(record.Hardware)))));
        fields.Add(("tool version", Markup.Text(record.ToolVersion ?? "-")));
        fields.Add(("git commit", Markup.Element("code", Markup.Text(record.GitCommit ?? "-"))));
        fields.Add(("created", Markup.Text(Time(record.CreatedAt))));
        fields.Add(("started", Markup.Text(Time(record.StartedAt))));
        fields.Add(("finished", Markup.Text(Time(record.FinishedAt))));
        fields.Add(("result digest", Markup.Element("code", Markup.Text(record.ResultDigest ?? "-"), "hash")));
        return fields;
    }

    private static void AppendMetrics(HtmlPage page, RecordedRun? recorded)
    {
        page.Heading(2, "Metrics", "metrics");
        var metrics = recorded?.Metrics ?? [];
        var epochs = metrics.Where(m => m.Step < 0).ToList();
        var names = epochs.Select(m => m.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            page.Paragraph("No epoch-level metrics recorded.", "empty");
        }
        else
        {
            page.Paragraph("Epoch level: the last value, the best (lowest for a loss, else highest) and how many epochs recorded it.");
            page.Table(
                ["metric", "last", "best", "epochs"],
                names.Select(name =>
                {
                    var series = epochs.Where(m => m.Name == name).OrderBy(m => m.Epoch).ToList();
                    var best = name.Contains("loss", StringComparison.Ordinal) ? series.Min(m => m.Value) : series.Max(m => m.Value);
                    return (IReadOnlyList<Markup>)
                    [
                        Markup.Element("code", Markup.Text(name)),
                        Markup.Text(RunComparisonText.Number(series[^1].Value)),
                        Markup.Text(RunComparisonText.Number(best)),
                        Markup.Text(series.Count.ToString(CultureInfo.InvariantCulture)),
                    ];
                }),
                c => c > 0);

            var byEpoch = epochs.GroupBy(m => m.Epoch).OrderBy(g => g.Key).ToList();
            page.Table(
                ["epoch", .. names],
                byEpoch.Select(g => (IReadOnlyList<Markup>)
                [
                    Markup.Text((g.Key + 1).ToString(CultureInfo.InvariantCulture)),
                    .. names.Select(n => g.LastOrDefault(m => m.Name == n) is { } m ? Markup.Text(RunComparisonText.Number(m.Value)) : Markup.Empty),
                ]),
                _ => true);
        }

        var steps = metrics.Count(m => m.Step >= 0);
        if (steps > 0)
        {
            var stepNames = metrics.Where(m => m.Step >= 0).Select(m => m.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            page.Paragraph(string.Create(CultureInfo.InvariantCulture, $"Also {steps} per-step values ({string.Join(", ", stepNames)})."));
        }
    }

    private static void AppendEvaluations(HtmlPage page, IReadOnlyList<SubnetEvaluation> evaluations)
    {
        if (evaluations.Count == 0)
        {
            return;
        }

        // Test-split and predictor columns only where some evaluation has them (eval.test, searched subnets).
        var test = evaluations.Any(e => e.TestTop1 is not null);
        var predicted = evaluations.Any(e => e.PredictedTop1 is not null || e.PredictedCost is not null);
        page.Heading(2, "Subnet evaluations", "subnets");
        page.Paragraph("Top-1 and top-5 in % (validation" + (test ? ", and the test split" : "") + "), MFLOPs, parameters in millions, latency in ms"
            + (predicted ? "; the accuracy predictor's top-1 and the cost the search predicted (in its target's unit)." : "."));
        string[] header =
        [
            "subnet", "resolution", "exit", "top1", "top5", "loss", "MFLOPs", "params (M)", "latency",
            .. test ? new[] { "test top1", "test top5" } : [],
            .. predicted ? new[] { "predicted top1", "predicted cost" } : [],
            "architecture",
        ];
        page.Table(
            header,
            evaluations.Select(e => (IReadOnlyList<Markup>)
            [
                Markup.Text(e.Name.Length == 0 ? "-" : e.Name),
                Markup.Text(e.Resolution.ToString(CultureInfo.InvariantCulture)),
                Markup.Text(e.Exit.ToString(CultureInfo.InvariantCulture)),
                Markup.Text(e.Top1.ToString("F2", CultureInfo.InvariantCulture)),
                Markup.Text(e.Top5.ToString("F2", CultureInfo.InvariantCulture)),
                Markup.Text(e.Loss.ToString("F4", CultureInfo.InvariantCulture)),
                Markup.Text((e.Flops / 1e6).ToString("F1", CultureInfo.InvariantCulture)),
                Markup.Text((e.Params / 1e6).ToString("F2", CultureInfo.InvariantCulture)),
                Markup.Text(Optional(e.LatencyMs)),
                .. test ? new[] { Markup.Text(Optional(e.TestTop1)), Markup.Text(Optional(e.TestTop5)) } : [],
                .. predicted ? new[] { Markup.Text(Optional(e.PredictedTop1)), Markup.Text(Optional(e.PredictedCost)) } : [],
                Markup.Element("code", Markup.Text(e.Architecture)),
            ]),
            c => c > 0 && c < header.Length - 1);
    }

    private static string Optional(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "-";

    private static void AppendArtifacts(HtmlPage page, IReadOnlyList<ArtifactRecord> artifacts)
    {
        page.Heading(2, "Artifacts", "artifacts");
        if (artifacts.Count == 0)
        {
            page.Paragraph("No artifacts recorded.", "empty");
            return;
        }

        page.Paragraph("Files in the content-addressed store (artifacts/store/), named by their SHA-256, which is checked on every read; they are not copied into this report.");
        page.Table(
            ["kind", "epoch", "sha256", "bytes", "path"],
            artifacts.Select(a => (IReadOnlyList<Markup>)
            [
                // An export names its format, resolution and subnet: several exports of one run differ only there.
                a.Export is { } x
                    ? Markup.Concat(Markup.Text($"{a.Kind} ({x.Format}, {x.Resolution.ToString(CultureInfo.InvariantCulture)} px) "), Markup.Element("code", Markup.Text(x.Subnet)))
                    : Markup.Text(a.Kind),
                Markup.Text(a.Epoch is { } e ? (e + 1).ToString(CultureInfo.InvariantCulture) : "-"),
                Markup.Element("code", Markup.Text(a.Sha256), "hash"),
                Markup.Text(a.Bytes.ToString("N0", CultureInfo.InvariantCulture)),
                Markup.Element("code", Markup.Text("store/" + a.Path)),
            ]),
            c => c is 1 or 3);
    }

    private static string Time(DateTimeOffset? t) =>
        t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
