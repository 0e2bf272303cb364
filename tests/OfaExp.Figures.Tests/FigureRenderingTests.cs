using System.Text.RegularExpressions;
using Snapshooter.Xunit;

namespace OfaExp.Figures.Tests;

/// <summary>
/// Rendered figures: the SVG is text, so it is compared with committed snapshots byte for byte; the layout
/// depends on the font file (Debian's fonts-dejavu-core) and the ScottPlot/SkiaSharp versions, all fixed here.
/// </summary>
public sealed class FigureRenderingTests
{
    [Fact]
    public void The_fixed_font_is_installed() =>
        Assert.True(FigureRenderer.FixedFontAvailable, "The SVG snapshots are laid out with DejaVu Sans: apt-get install fonts-dejavu-core.");

    [Fact]
    public void Bars_svg() => Snapshot.Match(FigureRenderer.Render(FigureSamples.Bars).Svg);

    [Fact]
    public void Scatter_with_pareto_front_svg() => Snapshot.Match(FigureRenderer.Render(FigureSamples.Scatter).Svg);

    [Fact]
    public void Learning_curve_svg() => Snapshot.Match(FigureRenderer.Render(FigureSamples.Lines).Svg);

    [Fact]
    public void Reference_bars_are_drawn_with_a_legend_entry_per_series()
    {
        var plain = FigureRenderer.Render(FigureSamples.Scatter).Svg;
        var data = FigureSamples.Scatter with
        {
            Series = [.. FigureSamples.Scatter.Series.Select(s => s with { Reference = [.. s.Points.Select(p => p with { Y = p.Y - 0.5 })] })],
            ReferenceLabel = "noise floor",
        };
        var svg = FigureRenderer.Render(data).Svg;

        Assert.Contains("bottom_up: noise floor", svg, StringComparison.Ordinal);
        Assert.Contains("independent: noise floor", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("noise floor", plain, StringComparison.Ordinal);
        Assert.Equal(svg, FigureRenderer.Render(data).Svg);
    }

    [Fact]
    public void Rendering_twice_gives_identical_bytes_whatever_was_drawn_in_between()
    {
        var first = FigureRenderer.Render(FigureSamples.Bars);
        _ = FigureRenderer.Render(FigureSamples.Scatter);
        _ = FigureRenderer.Render(FigureSamples.Lines);
        var second = FigureRenderer.Render(FigureSamples.Bars);

        Assert.Equal(first.Svg, second.Svg);
        Assert.Equal(first.Png, second.Png);
    }

    [Fact]
    public void Svg_has_fixed_size_font_and_renumbered_clip_paths()
    {
        var svg = FigureRenderer.Render(FigureSamples.Scatter).Svg;

        Assert.Contains($"width=\"{FigureRenderer.Width}\" height=\"{FigureRenderer.Height}\"", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", svg, StringComparison.Ordinal);
        Assert.Contains("font-family=\"DejaVu Sans\"", svg, StringComparison.Ordinal);
        var ids = Regex.Matches(svg, "<clipPath id=\"(cl_[0-9]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => $"cl_{i}"), ids);
    }

    [Fact]
    public void Png_is_a_png_of_the_fixed_size()
    {
        var png = FigureRenderer.Render(FigureSamples.Lines).Png;
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));

        // IHDR: width and height, big-endian, at bytes 16..23.
        Assert.Equal(FigureRenderer.Width, (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]);
        Assert.Equal(FigureRenderer.Height, (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]);
    }

    [Fact]
    public void A_figure_without_data_says_so()
    {
        var svg = FigureRenderer.Render(FigureSamples.Empty).Svg;
        Assert.Contains("no finished runs recorded yet", Text(svg), StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_legends_and_phase_names_are_drawn()
    {
        var bars = Text(FigureRenderer.Render(FigureSamples.Bars).Svg);
        Assert.Contains("Best subnet top-1 per KD loss and teacher selection", bars, StringComparison.Ordinal);
        Assert.Contains("extracted", bars, StringComparison.Ordinal);
        Assert.Contains("logits", bars, StringComparison.Ordinal);
        Assert.Contains("error bars: mean ± sample std", bars, StringComparison.Ordinal);

        var lines = Text(FigureRenderer.Render(FigureSamples.Lines).Svg);
        Assert.Contains("expand1", lines, StringComparison.Ordinal);

        var scatter = Text(FigureRenderer.Render(FigureSamples.Scatter).Svg);
        Assert.Contains("bottom_up (Pareto front)", scatter, StringComparison.Ordinal);
    }

    // The text content of the SVG's <text> elements, decoded, one per line.
    private static string Text(string svg) =>
        string.Join("\n", Regex.Matches(svg, "<text[^>]*>([^<]*)</text>").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)));
}
