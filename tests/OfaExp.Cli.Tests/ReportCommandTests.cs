using OfaExp.Execution.Planning;
using System.Globalization;
using OfaExp.Core.Planning;
using StbImageSharp;
using Xunit.Abstractions;

namespace OfaExp.Cli.Tests;

/// <summary>
/// `ofaexp report DIR` end to end: a store recorded through the RunStore API (no training), the tool writing the
/// report, and Debian's headless chromium opening every page.
/// </summary>
[Trait("Category", Categories.Slow)]
public sealed class ReportCommandTests(ITestOutputHelper output)
{
    /// <summary>Three seeds of full then kernel: in the first test one lineage is done, one's kernel run failed, one never ran.</summary>
    private static readonly string Sweep = Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, kernel]", StringComparison.Ordinal) + """
          kernel:
            epochs: 1
            batch_size: 64
            base_batch_size: 64
            lr: 0.01
        description: "Sweep over seeds. <script>alert('x')</script> & \"quoted\""
        eval:
          subnets: [min, mid, max]
          resolutions: [28]
        sweep:
          seed: [0, 1, 2]
        tables:
          final:
            rows: [phase, seed]
            values:
              val_top1: last(val_top1)
        figures:
          curve:
            kind: lines
            y: val_top1
            series: seed
          subnets:
            kind: scatter
            source: subnets
            x: flops / 1e6
            y: top1
            series: seed
            pareto: true

        """;

    [Fact]
    public async Task Every_page_of_a_sweep_report_loads_in_chromium_with_its_links_and_figures()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sweep);
        var plan = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "e"), []);
        var seeds = plan.Points.ToDictionary(p => p.Label, p => p.RunIds);
        RecordedStore.Record(box, plan, run =>
            seeds["seed=2"].Contains(run.Id) ? RecordedStore.Outcome.Missing
            : seeds["seed=1"].Contains(run.Id) && run.Phase == "kernel" ? RecordedStore.Outcome.Failed
            : RecordedStore.Outcome.Done);

        var (exit, stdout, stderr) = box.Run("report", "experiments/e");

        Assert.True(exit == 0, stderr);

        // Index, experiment, 6 runs, and the two recorded full runs and two recorded kernel runs compared pairwise.
        Assert.Equal($"report {Path.Combine("artifacts", "report", "e", "index.html")}: 10 pages, 2 figures (13 files written, 0 unchanged, 0 removed)\n"
            + $"one report per directory: this is experiments/e's; the reports of other directories under {Path.Combine("artifacts", "report")} are left as they are\n", stdout);
        var report = Path.Combine(box.Root, "artifacts", "report", "e");
        var experiment = File.ReadAllText(Path.Combine(report, "experiments", "e", "index.html"));
        Assert.Contains("Sweep over seeds. &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", experiment, StringComparison.Ordinal);
        foreach (var status in new[] { "done", "failed", "missing" })
        {
            Assert.Contains($"<span class=\"status {status}\">{status}</span>", experiment, StringComparison.Ordinal);
        }

        var crawl = await ReportCrawl.CheckAsync(report);
        Assert.Equal(10, crawl.Pages);
        Assert.Equal(2, crawl.Images);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sweep report: {crawl.Pages} pages, {crawl.Images} figures; chromium checked them in {crawl.Browser.TotalSeconds:F1} s (start included)"));
    }

    [Fact]
    public async Task The_quickstart_report_of_a_recorded_store_loads_in_chromium_and_its_index_is_drawn()
    {
        using var box = Quickstart();
        var (exit, stdout, stderr) = box.Run("report", "experiments/quickstart");
        Assert.True(exit == 0, stderr);
        var report = Path.Combine(box.Root, "artifacts", "report", "quickstart");
        Assert.StartsWith($"report {Path.Combine("artifacts", "report", "quickstart", "index.html")}: 8 pages, 4 figures", stdout, StringComparison.Ordinal);

        var crawl = await ReportCrawl.CheckAsync(report);
        Assert.Equal(8, crawl.Pages);
        Assert.Equal(4, crawl.Images);

        var png = Path.Combine(box.Root, "index.png");
        await using (var browser = await HeadlessChromium.LaunchAsync())
        {
            await browser.ScreenshotAsync(Path.Combine(report, "index.html"), png, 1280, 900);
        }

        // The pixels depend on the fonts installed, so the picture is checked for its size and for having content.
        var image = ImageResult.FromMemory(File.ReadAllBytes(png), ColorComponents.RedGreenBlue);
        Assert.Equal((1280, 900), (image.Width, image.Height));
        var colours = Enumerable.Range(0, image.Width * image.Height)
            .Select(i => (image.Data[3 * i] << 16) | (image.Data[(3 * i) + 1] << 8) | image.Data[(3 * i) + 2])
            .Distinct()
            .Count();
        Assert.True(colours > 16, $"the index screenshot has {colours} colours: blank or nearly so");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"quickstart report: {crawl.Pages} pages, {crawl.Images} figures; chromium checked them in {crawl.Browser.TotalSeconds:F1} s (start included); screenshot {colours} colours"));
    }

    [Fact]
    public void A_second_report_is_byte_identical_and_a_narrower_sweep_removes_the_stale_pages()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sweep);
        RecordedStore.Record(box, PlanBuilder.Build(Path.Combine(box.Root, "experiments", "e"), []), _ => RecordedStore.Outcome.Done);
        var report = Path.Combine(box.Root, "artifacts", "report", "e");

        Assert.Equal(0, box.Run("report", "experiments/e").Exit);
        var first = Files(report);
        var again = box.Run("report", "experiments/e");

        Assert.Equal(0, again.Exit);
        // Every file but the site's marker (ReportWriter.Marker), which is not counted.
        Assert.Contains($"(0 files written, {first.Count - 1} unchanged, 0 removed)\n", again.Out, StringComparison.Ordinal);
        Assert.Equal(first, Files(report));

        // Seeds 1 and 2 leave the plan: their 4 run pages and every comparison go (3 + 3 pairs).
        var narrow = box.Run("report", "experiments/e", "sweep.seed=[0]");
        Assert.True(narrow.Exit == 0, narrow.Err);
        Assert.Contains(", 10 removed)", narrow.Out, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(report, "compare")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(report, "runs")).Length);
    }

    [Fact]
    public void Without_a_store_the_report_says_nothing_has_run_yet_and_creates_no_store()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sweep);

        var (exit, stdout, stderr) = box.Run("report", "experiments/e");

        Assert.True(exit == 0, stderr);
        Assert.Contains(": 8 pages, 2 figures", stdout, StringComparison.Ordinal);
        Assert.Contains("Nothing has run yet", File.ReadAllText(Path.Combine(box.Root, "artifacts", "report", "e", "index.html")), StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db));
    }

    [Theory]
    [InlineData("    colour: red\n", "figures.curve: unknown key 'colour'")]
    [InlineData("    y: val_top2\n", "no phase of this experiment records the metric 'val_top2'")]
    public void Bad_input_is_exit_2_and_writes_no_report(string extra, string message)
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "figures:\n  curve:\n    kind: lines\n" + (extra.Contains("y:", StringComparison.Ordinal) ? "" : "    y: val_top1\n") + extra);

        var (exit, _, stderr) = box.Run("report", "experiments/e");

        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(box.Root, "artifacts", "report")));
    }

    /// <summary>The committed quickstart (experiments/defaults.yaml and quickstart), every run recorded done.</summary>
    private static Sandbox Quickstart()
    {
        var box = new Sandbox();
        var experiments = Path.Combine(Sandbox.RepoRoot(), "experiments");
        box.Write("experiments/defaults.yaml", File.ReadAllText(Path.Combine(experiments, "defaults.yaml")));
        box.Write("experiments/quickstart/experiment.yaml", File.ReadAllText(Path.Combine(experiments, "quickstart", "experiment.yaml")));
        RunPlan plan = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "quickstart"), []);
        Assert.Equal(6, plan.Runs.Count);
        RecordedStore.Record(box, plan, _ => RecordedStore.Outcome.Done);
        return box;
    }

    private static Dictionary<string, byte[]> Files(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes, StringComparer.Ordinal);
}
