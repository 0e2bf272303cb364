using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Opens every page of a written report in headless chromium and checks it the way a reader would find it: the page
/// loads without a console error, an uncaught exception or a failed or outside request; every link names a file of
/// the report; every image (the figures) decodes; and every page is reachable from the index.
/// </summary>
internal static partial class ReportCrawl
{
    public sealed record Result(int Pages, int Images, TimeSpan Browser);

    public static async Task<Result> CheckAsync(string reportDir)
    {
        var root = Path.GetFullPath(reportDir);
        var pages = Directory.EnumerateFiles(root, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.Contains(Path.Combine(root, "index.html"), pages);

        // Links as written: relative, so the report still works when the folder is copied elsewhere.
        foreach (var page in pages)
        {
            foreach (Match link in Link().Matches(File.ReadAllText(page)))
            {
                var href = link.Groups[1].Value;
                Assert.False(href.StartsWith('/') || href.Contains(':', StringComparison.Ordinal), $"{page}: '{href}' is not a relative link");
            }
        }

        var watch = Stopwatch.StartNew();
        var linked = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var images = 0;
        await using (var browser = await HeadlessChromium.LaunchAsync())
        {
            foreach (var page in pages)
            {
                var load = await browser.LoadAsync(page, root);
                Assert.True(load.Problems.Count == 0, $"{page}:\n{string.Join('\n', load.Problems)}");
                Assert.EndsWith("OfaExp report", load.Title, StringComparison.Ordinal);
                linked[page] = [];
                foreach (var href in load.Links)
                {
                    var target = new Uri(href);
                    Assert.True(target.IsFile, $"{page}: link to {href}");
                    var path = Path.GetFullPath(target.LocalPath);
                    Assert.True(path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{page}: link {href} leaves the report");
                    Assert.True(File.Exists(path), $"{page}: link {href} names no file");
                    linked[page].Add(path);
                }

                foreach (var image in load.Images)
                {
                    Assert.True(image.Complete && image.NaturalWidth > 0 && image.NaturalHeight > 0, $"{page}: image {image.Src} did not decode");
                    images++;
                }
            }
        }

        watch.Stop();
        var reached = new HashSet<string>(StringComparer.Ordinal) { Path.Combine(root, "index.html") };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var page))
        {
            foreach (var target in linked[page].Where(t => t.EndsWith(".html", StringComparison.Ordinal) && reached.Add(t)))
            {
                queue.Enqueue(target);
            }
        }

        Assert.Equal(pages, reached.Order(StringComparer.Ordinal));
        return new Result(pages.Count, images, watch.Elapsed);
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex Link();
}
