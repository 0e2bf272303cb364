using OfaExp.Core.Config;
using OfaExp.Core.Errors;
using OfaExp.Core.Figures;
using OfaExp.Core.Tables;
using OfaExp.Reports.Figures;
using Snapshooter.Xunit;

namespace OfaExp.Reports.Tests;

/// <summary>Figure data extracted from the fixture stores: what each kind plots, through the table model.</summary>
public sealed class FigureBuilderTests
{
    private static readonly FigureSpec KdBars = new(
        "kd_best_final", FigureKind.Bars, "max(top1)", "kd.loss", ["teacher.selection"], TableSource.Subnets,
        "final == true", MeanOver: "seed");

    [Fact]
    public void Bars_average_over_seeds_with_sample_std_error_bars()
    {
        var (runs, points) = Ofav2Fixture.Kd;
        var data = FigureBuilder.Build(KdBars, runs, points);

        Assert.Equal(["kl", "logits"], data.Categories);
        Assert.Equal(["extracted", "fixed"], data.Series.Select(s => s.Label));
        Assert.Equal(FigureErrorKind.Std, data.Error);

        // Each bar is the mean of the matching table's per-seed cells, its error bar their sample std.
        var perSeed = TableBuilder.Build(
            new TableSpec("t", ["kd.loss", "teacher.selection", "seed"], [new("top1", "max(top1)", "R")], "final == true", TableSource.Subnets),
            runs,
            points);
        foreach (var series in data.Series)
        {
            foreach (var bar in series.Points)
            {
                var values = perSeed.Rows
                    .Where(r => r[0] == data.Categories[(int)bar.X] && r[1] == series.Label)
                    .Select(r => double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture))
                    .ToList();
                Assert.Equal(3, values.Count);
                Assert.Equal(3, bar.Count);
                var mean = values.Average();
                var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
                Assert.Equal(mean, bar.Y, 12);
                Assert.Equal(mean - sd, bar.Low!.Value, 12);
                Assert.Equal(mean + sd, bar.High!.Value, 12);
            }
        }
    }

    [Fact]
    public void Minmax_error_bars_span_the_smallest_to_the_largest_value()
    {
        var (runs, points) = Ofav2Fixture.Kd;
        var data = FigureBuilder.Build(KdBars with { Error = FigureErrorKind.MinMax }, runs, points);
        var perSeed = TableBuilder.Build(
            new TableSpec("t", ["kd.loss", "teacher.selection", "seed"], [new("top1", "max(top1)", "R")], "final == true", TableSource.Subnets),
            runs,
            points);
        var bar = data.Series.Single(s => s.Label == "fixed").Points.Single(p => data.Categories[(int)p.X] == "logits");
        var values = perSeed.Rows.Where(r => r[0] == "logits" && r[1] == "fixed").Select(r => double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(values.Min(), bar.Low);
        Assert.Equal(values.Max(), bar.High);
    }

    [Fact]
    public void Bars_without_mean_over_have_no_error_bars_and_group_by_several_keys()
    {
        var (runs, points) = Ofav2Fixture.Study;
        var spec = new FigureSpec(
            "best_subnet_final", FigureKind.Bars, "max(top1)", null, ["teacher.selection"], TableSource.Subnets, "final == true",
            Groups: ["supernet.exits", "supernet.blocks"]);
        var data = FigureBuilder.Build(spec, runs, points);

        Assert.Equal(["early, dense", "single, base"], data.Categories);
        Assert.Equal(FigureErrorKind.None, data.Error);
        Assert.All(data.Series.SelectMany(s => s.Points), p => Assert.Null(p.Low));
        Assert.Equal("supernet.exits, supernet.blocks", data.XLabel);
    }

    [Fact]
    public void Bars_over_phase_follow_the_pipeline()
    {
        var (runs, points) = Ofav2Fixture.Study;
        var spec = new FigureSpec("per_phase", FigureKind.Bars, "max(top1)", "phase", null, TableSource.Subnets, "supernet.blocks == dense and teacher.selection == fixed");
        var data = FigureBuilder.Build(spec, runs, points);
        Assert.Equal(["full", "kernel", "height", "depth", "expand"], data.Categories);
    }

    [Fact]
    public void Scatter_draws_every_evaluation_once_per_series_with_its_pareto_front()
    {
        var spec = new FigureSpec(
            "acc_vs_flops", FigureKind.Scatter, "top1", "flops / 1e6", ["phase"], TableSource.Subnets, Pareto: true);
        var data = FigureBuilder.Build(spec, ReportFixture.SubnetRuns);

        Assert.Equal(["kernel", "depth"], data.Series.Select(s => s.Label));
        foreach (var series in data.Series)
        {
            // Two seeds x four evaluations per phase.
            Assert.Equal(8, series.Points.Count);
            Assert.NotEmpty(series.Front);
            foreach (var p in series.Points)
            {
                // No point beats a front point at once on cost and on accuracy, and every point off the front is
                // dominated by one on it.
                Assert.DoesNotContain(series.Front, f => f != p && p.X <= f.X && p.Y > f.Y && p.X < f.X);
                Assert.True(series.Front.Contains(p) || series.Front.Any(f => f.X <= p.X && f.Y >= p.Y));
            }
        }

        Assert.Equal("flops / 1e6", data.XLabel);
        Assert.Equal("top1", data.YLabel);
    }

    [Fact]
    public void A_scatter_reference_is_read_per_point_at_the_points_x()
    {
        var plain = FigureBuilder.Build(new FigureSpec("acc", FigureKind.Scatter, "top1", "flops / 1e6", ["phase"], TableSource.Subnets), ReportFixture.SubnetRuns);
        var spec = new FigureSpec("acc", FigureKind.Scatter, "top1", "flops / 1e6", ["phase"], TableSource.Subnets, Reference: "top5");
        var data = FigureBuilder.Build(spec, ReportFixture.SubnetRuns);

        Assert.Equal("top5", data.ReferenceLabel);
        Assert.Equal(plain.Series.Select(s => s.Points), data.Series.Select(s => s.Points));
        foreach (var series in data.Series)
        {
            Assert.Equal(series.Points.Select(p => p.X), series.Reference.Select(p => p.X));
            Assert.All(series.Reference, r => Assert.True(r.Y >= series.Points.Where(p => p.X == r.X).Min(p => p.Y) - 1e-9, "top-5 is at least top-1"));
        }

        Assert.Contains(",reference,", FigureCsv.Render(data), StringComparison.Ordinal);
        Assert.DoesNotContain(",reference,", FigureCsv.Render(plain), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pareto_front_keeps_the_non_dominated_points_by_increasing_cost()
    {
        var front = FigureBuilder.Front([new(3, 80), new(1, 70), new(2, 65), new(2, 75), new(4, 79), new(5, 90)]);
        Assert.Equal([(1.0, 70.0), (2.0, 75.0), (3.0, 80.0), (5.0, 90.0)], front.Select(p => (p.X, p.Y)));
    }

    [Fact]
    public void Lines_lay_phases_end_to_end_and_average_over_seeds()
    {
        var spec = new FigureSpec("curve", FigureKind.Lines, "100 * val_top1", Series: ["optimizer.lr"], MeanOver: "seed");
        var data = FigureBuilder.Build(spec, ReportFixture.Runs);

        Assert.Equal(["0.025", "0.1"], data.Series.Select(s => s.Label));
        Assert.Equal([new PhaseMark(0.5, "full"), new PhaseMark(3.5, "kernel")], data.Phases);
        var curve = data.Series.Single(s => s.Label == "0.1");

        // Three epochs of full, then two of kernel, each the mean over the three seeds.
        Assert.Equal([1.0, 2, 3, 4, 5], curve.Points.Select(p => p.X));
        var expected = ReportFixture.Seeds
            .Select(seed => ReportFixture.Find("full", 0.1, seed).Metrics.Where(m => m.Name == "val_top1").OrderBy(m => m.Epoch).First().Value * 100)
            .ToList();
        Assert.Equal((expected[0] + expected[1] + expected[2]) / 3, curve.Points[0].Y, 12);
        Assert.All(curve.Points, p => Assert.Equal(3, p.Count));
        Assert.Equal("epoch (phases end to end)", data.XLabel);
    }

    [Fact]
    public void Lines_per_step_count_steps_across_phases()
    {
        var spec = new FigureSpec("loss", FigureKind.Lines, "train_loss@step", Series: ["optimizer.lr", "seed"]);
        var data = FigureBuilder.Build(spec, ReportFixture.Runs);

        Assert.Equal(6, data.Series.Count);
        var curve = data.Series[0];

        // Full: 3 epochs x 4 steps, kernel: 2 x 4, one point per step, numbered from 1.
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i), curve.Points.Select(p => p.X));
        Assert.Equal([new PhaseMark(0.5, "full"), new PhaseMark(12.5, "kernel")], data.Phases);
    }

    [Fact]
    public void Lines_that_share_a_series_without_mean_over_name_the_key_that_tells_them_apart()
    {
        var (runs, points) = Ofav2Fixture.Kd;
        var spec = new FigureSpec("curve", FigureKind.Lines, "val_top1", Series: ["kd.loss"], Location: new SourceLocation("e/experiment.yaml", 7, 3));
        var error = Assert.Throws<ConfigException>(() => FigureBuilder.Build(spec, runs, points));

        var d = Assert.Single(error.Diagnostics);
        Assert.Equal(7, d.Location.Line);
        Assert.Contains("Figure 'curve':", d.Message, StringComparison.Ordinal);
        Assert.Contains("lineages give the series 'kl'", d.Message, StringComparison.Ordinal);
        Assert.Contains("seed", d.Message, StringComparison.Ordinal);
        Assert.Contains("teacher.selection", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lineages_that_draw_the_same_runs_give_one_curve_per_series()
    {
        // The full run of a seed is shared by every kd.loss and teacher lineage: one curve per seed, not four.
        var (runs, points) = Ofav2Fixture.Kd;
        var perSeed = FigureBuilder.Build(new FigureSpec("full", FigureKind.Lines, "val_top1", Series: ["seed"], Where: "phase == full"), runs, points);
        Assert.Equal(["0", "1", "2"], perSeed.Series.Select(s => s.Label));
        Assert.Equal([new PhaseMark(0.5, "full")], perSeed.Phases);

        // Labelled by a lineage setting, the shared run shows under each label.
        var perTeacher = FigureBuilder.Build(
            new FigureSpec("full", FigureKind.Lines, "val_top1", Series: ["teacher.selection"], Where: "phase == full", MeanOver: "seed"), runs, points);
        Assert.Equal(["extracted", "fixed"], perTeacher.Series.Select(s => s.Label));
        Assert.Equal(perTeacher.Series[0].Points, perTeacher.Series[1].Points);
    }

    [Fact]
    public void Unfinished_runs_and_no_runs_give_no_points()
    {
        var spec = new FigureSpec("empty", FigureKind.Bars, "last(val_top1)", "phase", Where: "phase == none");
        Assert.Empty(FigureBuilder.Build(spec, ReportFixture.Runs).Series);
        Assert.Empty(FigureBuilder.Build(spec with { Where = null }, []).Series);
    }

    [Fact]
    public void Extraction_is_a_pure_function_of_the_runs()
    {
        var (runs, points) = Ofav2Fixture.Kd;
        var once = FigureCsv.Render(FigureBuilder.Build(KdBars, runs, points));
        var reversed = FigureCsv.Render(FigureBuilder.Build(KdBars, runs.Reverse(), points.Reverse()));
        Assert.Equal(once, reversed);
    }

    [Fact]
    public void Kd_bars_data() =>
        Snapshot.Match(FigureCsv.Render(FigureBuilder.Build(KdBars, Ofav2Fixture.Kd.Runs, Ofav2Fixture.Kd.Points)));

    [Fact]
    public void Subnet_scatter_data() =>
        Snapshot.Match(FigureCsv.Render(FigureBuilder.Build(
            new FigureSpec("acc_vs_flops", FigureKind.Scatter, "top1", "flops / 1e6", ["phase"], TableSource.Subnets, Pareto: true),
            ReportFixture.SubnetRuns)));

    [Fact]
    public void Learning_curve_data() =>
        Snapshot.Match(FigureCsv.Render(FigureBuilder.Build(
            new FigureSpec("curve", FigureKind.Lines, "val_top1", Series: ["optimizer.lr"], MeanOver: "seed"),
            ReportFixture.Runs)));
}

/// <summary>Figure specs checked without data, as `plan` does before any training.</summary>
public sealed class FigureSpecValidationTests
{
    private static readonly SourceLocation At = new("e/experiment.yaml", 12, 3);

    [Fact]
    public void An_unknown_metric_is_refused_at_the_figures_line_with_a_suggestion()
    {
        var spec = new FigureSpec("curve", FigureKind.Lines, "val_top2", Location: At, YLocation: At with { Line = 14 });
        var error = Assert.Throws<ConfigException>(() => FigureBuilder.Validate(spec, ["loss", "val_top1"]));

        var d = Assert.Single(error.Diagnostics);
        Assert.Equal(14, d.Location.Line);
        Assert.Contains("Figure 'curve'", d.Message, StringComparison.Ordinal);
        Assert.Contains("no phase of this experiment records the metric 'val_top2'", d.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'val_top1'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subnet_figures_read_evaluation_fields_not_metrics()
    {
        FigureBuilder.Validate(new FigureSpec("s", FigureKind.Scatter, "top1", "flops / 1e6", Source: TableSource.Subnets), []);
        var error = Assert.Throws<ConfigException>(() => FigureBuilder.Validate(
            new FigureSpec("s", FigureKind.Scatter, "top1", "flop / 1e6", Source: TableSource.Subnets, Location: At, XLocation: At)));
        Assert.Contains("Figure 's', column 'x': unknown evaluation field 'flop'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(FigureKind.Bars, "max(top1)", null, "a bars figure needs x")]
    [InlineData(FigureKind.Scatter, "top1", null, "a scatter figure needs x")]
    [InlineData(FigureKind.Lines, "last(val_top1)", null, "of a lines figure is a metric")]
    [InlineData(FigureKind.Bars, "max(top1)", "bogus key!", "row key 'bogus key!' is not valid")]
    public void Incomplete_specs_say_what_is_missing(FigureKind kind, string y, string? x, string message)
    {
        var error = Assert.ThrowsAny<OfaExpException>(() => FigureBuilder.Validate(new FigureSpec("f", kind, y, x, Location: At)));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }

    [Fact]
    public void A_pareto_front_needs_a_scatter() =>
        Assert.Contains("Pareto", Assert.ThrowsAny<OfaExpException>(() =>
            FigureBuilder.Validate(new FigureSpec("f", FigureKind.Bars, "max(top1)", "phase", Pareto: true))).Message, StringComparison.Ordinal);
}
