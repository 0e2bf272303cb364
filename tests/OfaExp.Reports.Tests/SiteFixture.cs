using System.Globalization;
using System.Text;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Reports.Html;

namespace OfaExp.Reports.Tests;

/// <summary>
/// A report built from <see cref="ReportFixture"/>'s runs: every lr x seed point runs full then kernel, a failed
/// full run whose kernel child was never recorded (missing), and a pending run. <see cref="Hostile"/> is text
/// that would open tags if any page forgot to escape it.
/// </summary>
internal static class SiteFixture
{
    public const string Hostile = "<script>alert('x')</script> & \"<img src=x onerror=alert(1)>\"";

    public static ReportInput Input(string description = "A demo: full -> kernel.\nSecond line.", string? error = null, string label = "")
    {
        var runs = new List<ReportRun>();
        var points = new List<PlannedPoint>();
        var recorded = ReportFixture.Runs.Select(r => error is not null && r.Run.Status == RunStatus.Failed ? r with { Run = r.Run with { Error = error } } : r).ToList();
        foreach (var run in recorded)
        {
            runs.Add(new ReportRun(run.Run.Id, run.Run.Experiment, run.Run.Phase, run.Run.ParentId, null, run.Run.ConfigJson, run, Artifacts(run.Run)));
        }

        var missing = new ReportRun(
            new string('f', 64), ReportFixture.Experiment, "kernel", recorded.Single(r => r.Run.Status == RunStatus.Failed).Run.Id, null,
            """{"inputs":{"seed":0},"phase":"kernel"}""", null, []);
        runs.Add(missing);

        foreach (var full in runs.Where(r => r.Phase == "full"))
        {
            var child = runs.FirstOrDefault(r => r.ParentId == full.Id);
            var ids = child is null ? new[] { full.Id } : [full.Id, child.Id];
            points.Add(new PlannedPoint(ReportFixture.Experiment, points.Count, Label(full) + label, "{}", ids));
        }

        var tables = new[] { ReportFixture.FinalTop1, ReportFixture.BestTop1 }.Select(spec => TableBuilder.Build(spec, recorded)).ToList();
        var figures = new[] { new ReportFigure("top1", "Top-1 " + label, Svg) };
        var experiment = new ReportExperiment(ReportFixture.Experiment, description, points, tables, figures);
        return new ReportInput([experiment], runs);
    }

    public const string Svg = """<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="#1f77b4"/></svg>""";

    public static string Text(SiteFile file) => Encoding.UTF8.GetString(file.Bytes);

    public static SiteFile Page(IReadOnlyList<SiteFile> site, string path) => site.Single(f => f.Path == path);

    private static string Label(ReportRun full)
    {
        var json = full.ConfigJson;
        string Input(string key)
        {
            var at = json.IndexOf($"\"{key}\":", StringComparison.Ordinal) + key.Length + 3;
            return json[at..json.IndexOfAny([',', '}'], at)];
        }

        return $"optimizer.lr={Input("optimizer.lr")},seed={Input("seed")}";
    }

    private static IReadOnlyList<ArtifactRecord> Artifacts(RunRecord run) =>
        run.Status != RunStatus.Done ? [] :
        [
            new ArtifactRecord(run.Id, "checkpoint", 0, new string('a', 63) + "1", 1234567, "aa/" + new string('a', 61) + "1"),
            new ArtifactRecord(run.Id, "model", null, new string('b', 64), 2048, "bb/" + new string('b', 62)),
        ];

    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}
