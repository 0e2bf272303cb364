using OfaExp.Core.Errors;
using OfaExp.Core.Tables;
using Snapshooter.Xunit;

namespace OfaExp.Reports.Tests;

/// <summary>The OFAv2 study's tables over lineages: config keys a run did not read, final, globs, mean_over.</summary>
public sealed class Ofav2TableTests
{
    private static readonly (IReadOnlyList<Core.Runs.RecordedRun> Runs, IReadOnlyList<Core.Planning.PlannedPoint> Points) Study = Ofav2Fixture.Study;
    private static readonly (IReadOnlyList<Core.Runs.RecordedRun> Runs, IReadOnlyList<Core.Planning.PlannedPoint> Points) Kd = Ofav2Fixture.Kd;

    [Fact]
    public void Best_subnet_after_the_last_phase() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(Ofav2Fixture.BestFinal, Study.Runs, Study.Points)));

    [Fact]
    public void Best_subnet_after_each_phase() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(Ofav2Fixture.BestPerPhase, Study.Runs, Study.Points)));

    [Fact]
    public void Accuracy_per_exit() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(Ofav2Fixture.ExitAccuracy, Study.Runs, Study.Points)));

    [Fact]
    public void Kd_best_subnet_per_seed() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(Ofav2Fixture.KdBySeed, Kd.Runs, Kd.Points)));

    [Fact]
    public void Kd_best_subnet_mean_over_seeds() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(Ofav2Fixture.KdMean, Kd.Runs, Kd.Points)));

    [Fact]
    public void A_run_shared_by_two_lineages_shows_in_both_rows()
    {
        var table = TableBuilder.Build(Ofav2Fixture.BestPerPhase, Study.Runs, Study.Points);

        var kernel = table.Header.ToList().IndexOf("top1@kernel");
        var rows = table.Rows.Where(r => r[0] == "early").ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0][kernel], rows[1][kernel]);
        Assert.Equal(["supernet.exits", "supernet.blocks", "teacher.selection", "top1@full", "top1@kernel", "top1@height", "top1@depth", "top1@expand"], table.Header);
    }

    [Fact]
    public void Without_points_a_key_no_run_read_is_empty_and_shared_runs_collide()
    {
        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Build(Ofav2Fixture.BestFinal with { Where = null, Rows = ["supernet.exits", "teacher.selection", "phase"] }, Study.Runs));

        Assert.Contains("teacher.selection=,", error.Message);
    }

    [Fact]
    public void Without_points_final_marks_the_runs_nobody_descends_from()
    {
        var withPoints = TableBuilder.Build(Ofav2Fixture.BestFinal, Study.Runs, Study.Points);
        var spec = Ofav2Fixture.BestFinal with { Rows = ["supernet.exits", "supernet.blocks", "run"] };
        var withoutPoints = TableBuilder.Build(spec, Study.Runs);

        Assert.Equal(4, withPoints.Rows.Count);
        Assert.Equal(4, withoutPoints.Rows.Count);
        Assert.Equal(withPoints.Rows.Select(r => r[^1]).Order(), withoutPoints.Rows.Select(r => r[^1]).Order());
    }

    [Fact]
    public void Final_is_a_row_key_too()
    {
        var table = TableBuilder.Build(
            new TableSpec("t", ["supernet.exits", "teacher.selection", "final"], [new("n", "count(top1)", "")], "phase == expand", TableSource.Subnets),
            Study.Runs,
            Study.Points);

        Assert.All(table.Rows, r => Assert.Equal("true", r[2]));
        Assert.Equal(4, table.Rows.Count);
    }

    [Fact]
    public void Mean_over_averages_one_value_per_run()
    {
        var perSeed = TableBuilder.Build(Ofav2Fixture.KdBySeed, Kd.Runs, Kd.Points);
        var mean = TableBuilder.Build(Ofav2Fixture.KdMean, Kd.Runs, Kd.Points);

        Assert.Equal(["kd.loss", "teacher.selection", "top1", "mean_top1", "n"], mean.Header);
        foreach (var (row, i) in perSeed.Rows.Select((r, i) => (r, i)))
        {
            var expected = row.Skip(2).Select(double.Parse).Average();
            Assert.Equal(expected.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), mean.Rows[i][2]);
        }

        Assert.All(mean.Rows, r => Assert.Equal("4.00", r[4]));
    }

    [Fact]
    public void Mean_over_still_rejects_two_runs_per_cell()
    {
        var spec = Ofav2Fixture.KdMean with { Rows = ["kd.loss"], Where = "final == true" };

        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Build(spec, Kd.Runs, Kd.Points));

        Assert.Contains("teacher.selection", error.Message);
    }

    [Theory]
    [InlineData("seed", null, "mean_over 'seed' is also a row or columns key")]
    [InlineData("kd.loss", null, "mean_over 'kd.loss' is also a row or columns key")]
    [InlineData("teacher.selection", "teacher.selection", "mean_over 'teacher.selection' is also a row or columns key")]
    [InlineData("not a key", null, "row key 'not a key' is not valid")]
    public void Mean_over_is_validated(string meanOver, string? columns, string message)
    {
        var spec = new TableSpec("t", ["kd.loss", "seed"], [new("v", "max(top1)", "F2")], null, TableSource.Subnets, columns, MeanOver: meanOver);

        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(spec));

        Assert.Contains(message, error.Message);
    }
}
