namespace OfaExp.Cli.Tests;

/// <summary>`report DIR` writes one site per directory: a report of one directory leaves another's alone.</summary>
public sealed class ReportSitesTests
{
    [Fact]
    public void A_report_of_one_directory_keeps_the_reports_of_the_others()
    {
        using var box = new Sandbox();
        box.Write("experiments/quickstart/experiment.yaml", Sandbox.Tiny);
        box.Write("experiments/multilat/experiment.yaml", Sandbox.Tiny.Replace("seed: 0", "seed: 1", StringComparison.Ordinal));
        box.Write("experiments/ofav2/cpu/experiment.yaml", Sandbox.Tiny.Replace("seed: 0", "seed: 2", StringComparison.Ordinal));
        var report = Path.Combine(box.Root, "artifacts", "report");

        var quickstart = box.Run("report", "experiments/quickstart");
        Assert.True(quickstart.Exit == 0, quickstart.Err);
        Assert.StartsWith($"report {Path.Combine("artifacts", "report", "quickstart", "index.html")}: 3 pages", quickstart.Out, StringComparison.Ordinal);
        Assert.Contains("one report per directory", quickstart.Out, StringComparison.Ordinal);
        var quickstartFiles = Directory.GetFiles(Path.Combine(report, "quickstart"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        foreach (var dir in new[] { "experiments/multilat", "experiments/ofav2", "experiments/ofav2/cpu", "experiments" })
        {
            var other = box.Run("report", dir);
            Assert.True(other.Exit == 0, other.Err);
            Assert.Contains("0 removed", other.Out, StringComparison.Ordinal);
        }

        Assert.Equal(quickstartFiles, Directory.GetFiles(Path.Combine(report, "quickstart"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        foreach (var index in new[] { "multilat/index.html", "ofav2/index.html", "ofav2/cpu/index.html", "experiments/index.html" })
        {
            Assert.True(File.Exists(Path.Combine(report, index)), index);
        }

        // Again, in the other order: the nested site of ofav2/cpu survives the report of ofav2.
        Assert.Contains("0 removed", box.Run("report", "experiments/ofav2").Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(report, "ofav2", "cpu", "index.html")));
    }
}
