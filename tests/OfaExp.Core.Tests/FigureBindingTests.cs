using OfaExp.Core.Config;
using OfaExp.Core.Errors;
using OfaExp.Core.Figures;
using OfaExp.Core.Planning;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Tests;

/// <summary>The figures: section: bound into <see cref="FigureSpec"/>s, every mistake reported at its file:line.</summary>
public sealed class FigureBindingTests
{
    private const string Head = "pipeline: [full, kernel]\nsweep:\n  seed: [0, 1]\nfigures:\n";

    private static ConfigException Fails(string figures)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Head + figures);
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.All(e.Diagnostics, d => Assert.EndsWith("experiment.yaml", d.Location.File, StringComparison.Ordinal));
        return e;
    }

    private static IReadOnlyList<FigureSpec> Bind(string figures)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Head + figures);
        var source = ExperimentTree.Discover(tree.Dir("e")).Single();
        return ExperimentTree.Load(source, []).Figures;
    }

    [Fact]
    public void A_full_spec_binds_every_key()
    {
        var figure = Assert.Single(Bind("""
              kd_bars:
                kind: bars
                source: subnets
                x: [phase, resolution]
                series: subnet
                y: max(top1)
                mean_over: seed
                error: minmax
                where: final == true
                title: Best subnet
                x_label: phase
                y_label: top-1 (%)

            """));

        Assert.Equal("kd_bars", figure.Name);
        Assert.Equal(FigureKind.Bars, figure.Kind);
        Assert.Equal(TableSource.Subnets, figure.Source);
        Assert.Equal(["phase", "resolution"], figure.GroupKeys);
        Assert.Equal(["subnet"], figure.SeriesKeys);
        Assert.Equal("max(top1)", figure.Y);
        Assert.Equal("seed", figure.MeanOver);
        Assert.Equal(FigureErrorKind.MinMax, figure.Error);
        Assert.Equal("final == true", figure.Where);
        Assert.Equal(("Best subnet", "phase", "top-1 (%)"), (figure.Title, figure.XLabel, figure.YLabel));
        Assert.Equal(5, figure.Location!.Line);
        Assert.Equal(10, figure.YLocation!.Line);
    }

    [Fact]
    public void Scatter_and_lines_bind_with_defaults()
    {
        var figures = Bind("  s:\n    kind: scatter\n    x: flops / 1e6\n    y: top1\n    source: subnets\n    pareto: true\n  l:\n    kind: lines\n    y: val_top1\n");
        Assert.Equal(2, figures.Count);
        Assert.True(figures[0].Pareto);
        Assert.Equal("flops / 1e6", figures[0].X);
        Assert.Equal(TableSource.Metrics, figures[1].Source);
        Assert.Empty(figures[1].SeriesKeys);
        Assert.Equal(FigureErrorKind.Std, figures[1].Error);
    }

    [Fact]
    public void An_unknown_key_names_its_line_and_suggests_the_known_one()
    {
        var e = Fails("  f:\n    kind: bars\n    x: phase\n    y: last(val_top1)\n    seris: seed\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(9, d.Location.Line);
        Assert.Contains("figures.f: unknown key 'seris'. Did you mean 'series'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_kind_names_its_line_and_the_kinds()
    {
        var e = Fails("  f:\n    kind: bar\n    y: last(val_top1)\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(6, d.Location.Line);
        Assert.Contains("figures.f.kind: unknown kind 'bar'. Did you mean 'bars'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_series_key_is_checked_like_a_table_row_key()
    {
        var e = Fails("  f:\n    kind: lines\n    y: val_top1\n    series: [sede]\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(8, d.Location.Line);
        Assert.Contains("figures.f.series: unknown key 'sede'. Did you mean 'seed'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subnet_key_needs_source_subnets()
    {
        var e = Fails("  f:\n    kind: bars\n    x: subnet\n    y: last(val_top1)\n");
        Assert.Contains("figures.f.x: 'subnet' is a key of subnet evaluations; add 'source: subnets'", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  f:\n    kind: bars\n    y: max(top1)\n", "figures.f: set 'x'")]
    [InlineData("  f:\n    kind: scatter\n    x: top1\n", "figures.f: set 'y'")]
    [InlineData("  f:\n    y: top1\n", "figures.f: set 'kind'")]
    [InlineData("  f:\n    kind: lines\n    y: val_top1\n    x: epoch\n", "a lines figure's x axis is the epochs")]
    [InlineData("  f:\n    kind: lines\n    y: val_top1\n    source: subnets\n", "a lines figure draws metric series")]
    [InlineData("  f:\n    kind: bars\n    x: phase\n    y: max(top1)\n    error: std\n", "error bars spread the values a bars figure averages")]
    [InlineData("  f:\n    kind: bars\n    x: phase\n    y: max(top1)\n    mean_over: seed\n    error: sem\n", "figures.f.error: expected one of std, minmax, none")]
    [InlineData("  f:\n    kind: bars\n    x: phase\n    y: max(top1)\n    pareto: true\n", "a Pareto front is drawn over scatter points")]
    [InlineData("  f:\n    kind: bars\n    x: phase\n    y: max(top1)\n    reference: max(top5)\n", "figures.f.reference: a reference value is drawn beside scatter points")]
    [InlineData("  f:\n    kind: scatter\n    x: top1\n    y: top1\n    pareto: yes\n", "figures.f.pareto: expected true or false")]
    [InlineData("  f:\n    kind: scatter\n    x: top1\n    y: top1\n    mean_over: seed\n", "a scatter figure draws every point")]
    [InlineData("  f:\n    kind: bars\n    x: seed\n    y: max(top1)\n    mean_over: seed\n", "is also an x or series key")]
    [InlineData("  f:\n    kind: bars\n    x: phase\n    series: phase\n    y: max(top1)\n", "'phase' is listed twice")]
    [InlineData("  Bad-Name:\n    kind: lines\n    y: val_top1\n", "figure names use lower-case letters")]
    [InlineData("  f: [1, 2]\n", "figures.f: expected a mapping with kind, y")]
    public void Mistakes_are_reported_with_what_was_expected(string figures, string message)
    {
        var e = Fails(figures);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal) && d.Location.Line >= 5);
    }

    [Fact]
    public void Figures_never_reach_a_run_id()
    {
        using var tree = new TempTree();
        tree.Write("a/experiment.yaml", Head.Replace("figures:\n", "", StringComparison.Ordinal));
        tree.Write("b/experiment.yaml", Head + "  l:\n    kind: lines\n    y: val_top1\n");
        var a = Plans.Of(tree.Dir("a"));
        var b = Plans.Of(tree.Dir("b"));
        Assert.Equal(a.Runs.Select(r => r.Id), b.Runs.Select(r => r.Id));
    }
}
