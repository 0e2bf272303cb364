using OfaExp.Core.Runs;
using OfaExp.Reports.Html;

namespace OfaExp.Reports.Tests;

/// <summary>A run's page lists its exported subnets with their format, resolution and subnet string.</summary>
public sealed class ExportArtifactPageTests
{
    [Fact]
    public void An_export_artifact_shows_its_format_resolution_and_subnet()
    {
        var input = SiteFixture.Input();
        var run = input.Runs.First(r => r.Artifacts.Count > 0);
        var export = new ArtifactRecord(run.Id, ArtifactRecord.ExportKind, null, new string('c', 64), 4096, "cc/" + new string('c', 62))
        {
            Export = new ArtifactExport("onnx-folded-bn", "r28-d2,2-k3,3,3,3-e3,3,3,3", 28),
        };
        var site = ReportSite.Build(input with { Runs = [.. input.Runs.Select(r => r == run ? r with { Artifacts = [.. r.Artifacts, export] } : r)] });

        var html = SiteFixture.Text(SiteFixture.Page(site, $"runs/{run.Id}.html"));
        Assert.Contains("export (onnx-folded-bn, 28 px) <code>r28-d2,2-k3,3,3,3-e3,3,3,3</code>", html, StringComparison.Ordinal);
    }
}
