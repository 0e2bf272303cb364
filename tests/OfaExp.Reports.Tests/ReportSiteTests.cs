using System.Text.RegularExpressions;
using OfaExp.Core.Runs;
using OfaExp.Reports.Html;
using Snapshooter.Xunit;

namespace OfaExp.Reports.Tests;

public sealed partial class ReportSiteTests
{
    [Fact]
    public void Text_from_experiments_and_the_store_is_escaped_on_every_page()
    {
        var site = ReportSite.Build(SiteFixture.Input(SiteFixture.Hostile, error: SiteFixture.Hostile, label: SiteFixture.Hostile));

        var pages = site.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)).ToList();
        Assert.All(pages, page =>
        {
            var html = SiteFixture.Text(page);
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        });

        // Description (experiment and index pages), error (run page), point label (graph, run and compare pages), figure title.
        var escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;&lt;img src=x onerror=alert(1)&gt;&quot;";
        var experiment = SiteFixture.Text(SiteFixture.Page(site, "experiments/kd/demo/index.html"));
        Assert.Contains($"<p class=\"description\">{escaped}</p>", experiment, StringComparison.Ordinal);
        Assert.Contains($"alt=\"Top-1 {escaped}\"", experiment, StringComparison.Ordinal);
        Assert.Contains(escaped, SiteFixture.Text(SiteFixture.Page(site, "index.html")), StringComparison.Ordinal);
        var failed = ReportFixture.Runs.Single(r => r.Run.Status == RunStatus.Failed).Run.Id;
        Assert.Contains($"<span class=\"error\">{escaped}</span>", SiteFixture.Text(SiteFixture.Page(site, $"runs/{failed}.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Config_values_and_names_are_escaped_too()
    {
        var input = SiteFixture.Input();
        var run = input.Runs[0];
        var hostile = run with { ConfigJson = """{"inputs":{"data.root":"</code><b>x</b>"},"phase":"<i>full</i>"}""" };
        var site = ReportSite.Build(input with { Runs = [hostile, .. input.Runs.Skip(1)] });

        var html = SiteFixture.Text(SiteFixture.Page(site, $"runs/{run.Id}.html"));
        Assert.Contains("&quot;&lt;/code&gt;&lt;b&gt;x&lt;/b&gt;&quot;", html, StringComparison.Ordinal);
        Assert.Contains("&quot;&lt;i&gt;full&lt;/i&gt;&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>x</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_input_gives_the_same_files_byte_for_byte()
    {
        var first = ReportSite.Build(SiteFixture.Input());
        var second = ReportSite.Build(SiteFixture.Input());

        Assert.Equal(first.Select(f => f.Path), second.Select(f => f.Path));
        Assert.All(first.Zip(second), pair => Assert.Equal(pair.First.Bytes, pair.Second.Bytes));
        Assert.Equal(first.Select(f => f.Path).Order(StringComparer.Ordinal), first.Select(f => f.Path));
        Assert.All(first.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)), f => Assert.DoesNotContain("\r", SiteFixture.Text(f), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_link_is_relative_and_names_a_file_of_the_site()
    {
        var site = ReportSite.Build(SiteFixture.Input());
        var paths = site.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var root = new Uri("file:///site/");
        var linked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var page in site.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)))
        {
            foreach (Match link in Link().Matches(SiteFixture.Text(page)))
            {
                var href = System.Net.WebUtility.HtmlDecode(link.Groups[1].Value);
                Assert.False(href.StartsWith('/') || href.Contains(':', StringComparison.Ordinal), $"{page.Path}: '{href}' is not a relative link");
                var target = new Uri(new Uri(root, page.Path), href);
                var relative = Uri.UnescapeDataString(root.MakeRelativeUri(target).OriginalString);
                Assert.True(paths.Contains(relative), $"{page.Path}: '{href}' names '{relative}', which the site does not have");
                linked.Add(relative);
            }
        }

        // Nothing is orphaned: every file but the index is reached from some page.
        Assert.Equal(paths.Where(p => p != "index.html").Order(StringComparer.Ordinal), linked.Where(p => p != "index.html").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_site_has_a_page_per_run_and_per_compared_pair_of_siblings()
    {
        var input = SiteFixture.Input();
        var site = ReportSite.Build(input);

        Assert.All(input.Runs, r => Assert.Contains(site, f => f.Path == $"runs/{r.Id}.html"));

        // 8 recorded full runs and 6 kernel runs: every pair of each, none with the missing kernel run.
        var compares = site.Where(f => f.Path.StartsWith("compare/", StringComparison.Ordinal)).ToList();
        Assert.Equal((8 * 7 / 2) + (6 * 5 / 2), compares.Count);
        Assert.DoesNotContain(compares, f => f.Path.Contains(new string('f', 64), StringComparison.Ordinal));
        Assert.Contains(site, f => f.Path == "experiments/kd/demo/figures/top1.svg" && SiteFixture.Text(f) == SiteFixture.Svg);
        Assert.Equal(TableCsv.Render(input.Experiments[0].Tables[0]), SiteFixture.Text(SiteFixture.Page(site, "experiments/kd/demo/tables/final_top1.csv")));
    }

    [Fact]
    public void A_large_sweep_compares_each_run_with_its_nearest_siblings_only()
    {
        var input = SiteFixture.Input();
        var full = input.Runs.First(r => r.Phase == "full");
        var many = Enumerable.Range(0, 30)
            .Select(i => full with { Id = i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture) })
            .ToList();
        var points = many.Select((r, i) => new Core.Planning.PlannedPoint(ReportFixture.Experiment, i, SiteFixture.Number(i), "{}", [r.Id])).ToList();
        var site = ReportSite.Build(new ReportInput([input.Experiments[0] with { Points = points }], many));

        // Each run with the next CompareWindow runs: 30 runs, windows cut short at the end.
        var expected = Enumerable.Range(0, 30).Sum(i => Math.Min(ReportSite.CompareWindow, 29 - i));
        Assert.Equal(expected, site.Count(f => f.Path.StartsWith("compare/", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_run_graph_spans_a_shared_run_and_marks_every_status()
    {
        var input = SiteFixture.Input();
        var points = input.Experiments[0].Points;

        // Two points that share their first run, like a sweep over a key only the second phase reads.
        var shared = points[1] with { RunIds = [points[0].RunIds[0], points[1].RunIds[1]] };
        var site = ReportSite.Build(input with { Experiments = [input.Experiments[0] with { Points = [points[0], shared, .. points.Skip(2)] }] });

        var html = SiteFixture.Text(SiteFixture.Page(site, "experiments/kd/demo/index.html"));
        Assert.Contains("<td rowspan=\"2\">", html, StringComparison.Ordinal);
        Assert.Contains("shared by 2 points", html, StringComparison.Ordinal);
        foreach (var status in new[] { "done", "failed", "pending", "missing" })
        {
            Assert.Contains($"<span class=\"status {status}\">{status}</span>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void With_nothing_recorded_the_index_says_nothing_has_run_yet()
    {
        var input = SiteFixture.Input();
        var planned = input with { Runs = input.Runs.Select(r => r with { Recorded = null, Artifacts = [] }).ToList() };

        var index = SiteFixture.Text(SiteFixture.Page(ReportSite.Build(planned), "index.html"));
        Assert.Contains("Nothing has run yet", index, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing has run yet", SiteFixture.Text(SiteFixture.Page(ReportSite.Build(input), "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void Wide_tables_scroll_inside_their_own_box_instead_of_running_off_the_page()
    {
        var site = ReportSite.Build(SiteFixture.Input());
        var tables = 0;
        foreach (var page in site.Where(f => f.Path.EndsWith(".html", StringComparison.Ordinal)))
        {
            var html = SiteFixture.Text(page);
            Assert.Contains(".wide { overflow-x: auto;", html, StringComparison.Ordinal);
            foreach (System.Text.RegularExpressions.Match table in System.Text.RegularExpressions.Regex.Matches(html, "(.{0,20})<table(?! class=\"fields\")", System.Text.RegularExpressions.RegexOptions.Singleline))
            {
                Assert.EndsWith("<div class=\"wide\">\n", table.Groups[1].Value, StringComparison.Ordinal);
                tables++;
            }
        }

        Assert.True(tables > 0);
    }

    [Fact]
    public void Experiment_page()
    {
        var site = ReportSite.Build(SiteFixture.Input());
        Snapshot.Match(SiteFixture.Text(SiteFixture.Page(site, "experiments/kd/demo/index.html")));
    }

    [Fact]
    public void Run_page()
    {
        var site = ReportSite.Build(SiteFixture.Input());
        var kernel = ReportFixture.Find("kernel", 0.1, 2).Run.Id;
        Snapshot.Match(SiteFixture.Text(SiteFixture.Page(site, $"runs/{kernel}.html")));
    }

    [Fact]
    public void Test_split_and_predictor_columns_appear_only_where_recorded()
    {
        var input = SiteFixture.Input();
        var kernel = input.Runs.First(r => r.Phase == "kernel");
        var evaluation = new SubnetEvaluation("found", "r28-k3", 28, 0, 70, 90, 1, 2e6, 300_000, 1.25) { TestTop1 = 69.5, TestTop5 = 89.25, PredictedTop1 = 71, PredictedCost = 2 };
        var plain = evaluation with { TestTop1 = null, TestTop5 = null, PredictedTop1 = null, PredictedCost = null };

        string Page(SubnetEvaluation e) => SiteFixture.Text(SiteFixture.Page(
            ReportSite.Build(input with { Runs = input.Runs.Select(r => r == kernel ? r with { Recorded = r.Recorded! with { Evaluations = [e] } } : r).ToList() }),
            $"runs/{kernel.Id}.html"));

        var full = Page(evaluation);
        Assert.Contains("<th>test top1</th><th>test top5</th><th>predicted top1</th><th>predicted cost</th>", full, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">69.50</td><td class=\"num\">89.25</td><td class=\"num\">71.00</td><td class=\"num\">2.00</td>", full, StringComparison.Ordinal);
        var bare = Page(plain);
        Assert.Contains("<th>latency</th><th>architecture</th>", bare, StringComparison.Ordinal);
        Assert.DoesNotContain("test top1", bare, StringComparison.Ordinal);
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
