namespace OfaExp.Figures.Tests;

public sealed class FigureWriterTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "ofaexp-figures-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Writes_svg_and_png_then_leaves_unchanged_files_alone()
    {
        var figure = FigureRenderer.Render(FigureSamples.Bars);
        Assert.True(FigureWriter.Write(dir, figure));
        var svg = Path.Combine(dir, "kd_best_final.svg");
        var png = Path.Combine(dir, "kd_best_final.png");
        Assert.Equal(figure.Svg, File.ReadAllText(svg));
        Assert.Equal(figure.Png, File.ReadAllBytes(png));

        var stamp = DateTime.UnixEpoch.AddDays(1);
        File.SetLastWriteTimeUtc(svg, stamp);
        File.SetLastWriteTimeUtc(png, stamp);
        Assert.False(FigureWriter.Write(dir, FigureRenderer.Render(FigureSamples.Bars)));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(svg));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(png));
        Assert.Equal(["kd_best_final.png", "kd_best_final.svg"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Changed_data_rewrites_the_files()
    {
        Assert.True(FigureWriter.Write(dir, FigureRenderer.Render(FigureSamples.Bars)));
        var changed = FigureSamples.Bars with { Title = "another title" };
        Assert.True(FigureWriter.Write(dir, FigureRenderer.Render(changed)));
        Assert.Contains("another title", File.ReadAllText(Path.Combine(dir, "kd_best_final.svg")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("")]
    public void A_name_that_is_not_a_plain_file_name_is_refused(string name) =>
        Assert.Throws<ArgumentException>(() => FigureWriter.Write(dir, new RenderedFigure(name, "<svg/>", [])));

    public void Dispose()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
