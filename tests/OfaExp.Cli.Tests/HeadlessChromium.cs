using PuppeteerSharp;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Debian's chromium (package <c>chromium</c>, installed by tools/test.sh), driven headless through PuppeteerSharp
/// over the DevTools protocol: the browser is the machine's, never one downloaded by the tests.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IBrowser _browser;
    private readonly string _profile;

    private HeadlessChromium(IBrowser browser, string profile)
    {
        _browser = browser;
        _profile = profile;
    }

    /// <summary>Where chromium is: $OFAEXP_CHROMIUM, else the first `chromium` on PATH; a missing browser fails the test.</summary>
    public static string Executable()
    {
        var configured = Environment.GetEnvironmentVariable("OFAEXP_CHROMIUM");
        var found = !string.IsNullOrEmpty(configured)
            ? configured
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, "chromium"))
                .FirstOrDefault(File.Exists);
        if (found is null || !File.Exists(found))
        {
            var where = string.IsNullOrEmpty(configured) ? "no 'chromium' on PATH" : $"OFAEXP_CHROMIUM='{configured}' does not exist";
            Assert.Fail($"The report's browser tests need Debian's chromium, and it was not found ({where}). Install it with "
                + "'apt-get install chromium' (tools/test.sh does), or point OFAEXP_CHROMIUM at a Chromium binary.");
        }

        return found!;
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var profile = Path.Combine(Path.GetTempPath(), "ofaexp-chromium-" + Guid.NewGuid().ToString("N"));
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable(),
            Headless = true,
            UserDataDir = profile,

            // Root in a container has no user namespaces for the sandbox; the pages are the tests' own files.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            Timeout = 120_000,
        });
        return new HeadlessChromium(browser, profile);
    }

    /// <summary>
    /// Opens a page and waits for it and everything it loads; returns what went wrong (console errors, uncaught
    /// exceptions, failed requests, requests that leave <paramref name="site"/>), every link's target and every image.
    /// </summary>
    public async Task<PageLoad> LoadAsync(string file, string site)
    {
        await using var page = await _browser.NewPageAsync();
        var problems = new List<string>();
        var siteUrl = new Uri(site.EndsWith('/') ? site : site + "/").AbsoluteUri;
        page.Console += (_, e) =>
        {
            if (e.Message.Type == ConsoleType.Error)
            {
                problems.Add($"console error: {e.Message.Text}");
            }
        };
        page.PageError += (_, e) => problems.Add($"uncaught error: {e.Message}");
        page.RequestFailed += (_, e) => problems.Add($"request failed: {e.Request.Url} ({e.Request.FailureText})");
        page.Request += (_, e) =>
        {
            if (!e.Request.Url.StartsWith(siteUrl, StringComparison.Ordinal))
            {
                problems.Add($"request outside the report: {e.Request.Url}");
            }
        };

        var response = await page.GoToAsync(new Uri(file).AbsoluteUri, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load], Timeout = 60_000 });
        if (response is null || !response.Ok)
        {
            problems.Add($"navigation: {response?.Status.ToString() ?? "no response"}");
        }

        var links = await page.EvaluateExpressionAsync<string[]>("Array.from(document.querySelectorAll('a[href]'), a => a.href)");
        var images = await page.EvaluateExpressionAsync<ImageState[]>(
            "Array.from(document.images, i => ({ src: i.src, complete: i.complete, naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight }))");
        var title = await page.GetTitleAsync();
        return new PageLoad(title, problems, links, images);
    }

    /// <summary>A PNG of the page's first screen at the given window size.</summary>
    public async Task ScreenshotAsync(string file, string png, int width, int height)
    {
        await using var page = await _browser.NewPageAsync();
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        await page.GoToAsync(new Uri(file).AbsoluteUri, new NavigationOptions { WaitUntil = [WaitUntilNavigation.Load] });
        await page.ScreenshotAsync(png, new ScreenshotOptions { Type = ScreenshotType.Png });
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>What loading one page gave.</summary>
    internal sealed record PageLoad(string Title, IReadOnlyList<string> Problems, IReadOnlyList<string> Links, IReadOnlyList<ImageState> Images);

    /// <summary>An image element once the page loaded: a decoded image has a natural size.</summary>
    internal sealed record ImageState(string Src, bool Complete, int NaturalWidth, int NaturalHeight);
}
