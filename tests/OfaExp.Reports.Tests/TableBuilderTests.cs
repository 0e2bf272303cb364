using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports.Tests;

public sealed class TableBuilderTests
{
    private static readonly IReadOnlyList<RecordedRun> Runs = ReportFixture.Runs;

    [Fact]
    public void Header_lists_row_keys_then_value_columns()
    {
        var table = TableBuilder.Build(ReportFixture.BestTop1, Runs);

        Assert.Equal(["phase", "optimizer.lr", "seed", "best_top1_pct", "mean_val_loss", "min_train_loss"], table.Header);
    }

    [Fact]
    public void Seeds_sort_by_value_not_by_text()
    {
        var table = TableBuilder.Build(ReportFixture.Spec("seed", "last(val_top1)", "phase == full"), Runs.Where(IsLr01));

        Assert.Equal(["0", "2", "10"], table.Rows.Select(r => r[0]));
    }

    [Fact]
    public void Rendering_does_not_depend_on_the_order_runs_arrive_in()
    {
        var forward = TableCsv.Render(TableBuilder.Build(ReportFixture.BestTop1, Runs));
        var backward = TableCsv.Render(TableBuilder.Build(ReportFixture.BestTop1, Runs.Reverse()));

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void Failed_and_pending_runs_are_ignored()
    {
        // The fixture's failed and pending runs are the only ones with lr 0.05.
        Assert.Contains(Runs, r => r.Run.Status != RunStatus.Done);
        var table = TableBuilder.Build(ReportFixture.Spec("phase,optimizer.lr,seed", "count(val_top1)"), Runs);

        Assert.Equal(12, table.Rows.Count);
        Assert.DoesNotContain(table.Rows, r => r[1] == "0.05");
    }

    [Fact]
    public void A_run_without_the_metric_gets_an_empty_cell()
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,optimizer.lr,seed", "last(val_top1)", "phase == full"), Runs);
        var missing = TableBuilder.Build(ReportFixture.Spec("phase,optimizer.lr,seed", "last(not_recorded)", "phase == full"), Runs);

        Assert.All(table.Rows, r => Assert.NotEqual(string.Empty, r[3]));
        Assert.All(missing.Rows, r => Assert.Equal(string.Empty, r[3]));
    }

    [Fact]
    public void A_config_path_the_run_did_not_read_gives_an_empty_key()
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,run,phases.kernel.kernel_sizes", "count(val_top1)"), Runs);

        Assert.All(table.Rows, r => Assert.Equal(r[0] == "kernel" ? "[3,5,7]" : string.Empty, r[2]));
    }

    [Fact]
    public void Config_numbers_print_in_shortest_round_trip_form()
    {
        var run = ReportFixture.WithInputs(ReportFixture.FullRun(0.1, 0), "{\"a\":3.0,\"b\":1E-05,\"c\":0.10,\"d\":true,\"e\":\"x y\",\"f\":[0.5,\"s\",false]}");
        var spec = new TableSpec("t", ["a", "b", "c", "d", "e", "f"], [], null);

        var row = TableBuilder.Build(spec, [run]).Rows.Single();

        Assert.Equal(["3", "1E-05", "0.1", "true", "x y", "[0.5,\"s\",false]"], row);
    }

    [Fact]
    public void Count_is_an_integer_whatever_the_format()
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,run", "count(train_loss@step)", format: "F2"), Runs);

        Assert.All(table.Rows, r => Assert.Equal(r[0] == "full" ? "12" : "8", r[2]));
    }

    [Fact]
    public void Aggregates_follow_epoch_order_not_recording_order()
    {
        var run = Single(
            new MetricPoint(2, -1, "acc", 0.3),
            new MetricPoint(0, -1, "acc", 0.1),
            new MetricPoint(1, -1, "acc", 0.5),
            new MetricPoint(1, 7, "acc", 99.0));

        Assert.Equal("0.3", Cell(run, "last(acc)"));
        Assert.Equal("0.1", Cell(run, "first(acc)"));
        Assert.Equal("0.5", Cell(run, "max(acc)"));
        Assert.Equal("0.1", Cell(run, "min(acc)"));
        Assert.Equal("0.3", Cell(run, "mean(acc)", "F1"));
        Assert.Equal("3", Cell(run, "count(acc)"));
        Assert.Equal("50", Cell(run, "100 * max(acc)", "F0"));
    }

    [Fact]
    public void Step_aggregates_use_only_per_step_points_in_step_order()
    {
        var run = Single(
            new MetricPoint(1, 5, "loss", 0.5),
            new MetricPoint(0, 1, "loss", 2.0),
            new MetricPoint(1, -1, "loss", 42.0),
            new MetricPoint(0, 0, "loss", 2.5));

        Assert.Equal("2.5", Cell(run, "first(loss@step)"));
        Assert.Equal("0.5", Cell(run, "last(loss@step)"));
        Assert.Equal("3", Cell(run, "count(loss@step)"));
        Assert.Equal("42", Cell(run, "last(loss)"));
    }

    [Fact]
    public void An_empty_format_writes_the_shortest_round_trip_form()
    {
        var run = Single(new MetricPoint(0, -1, "acc", 0.1 + 0.2));

        Assert.Equal("0.30000000000000004", Cell(run, "last(acc)", string.Empty));
    }

    [Fact]
    public void Runs_sharing_a_row_are_rejected_naming_them_and_the_keys_that_differ()
    {
        var spec = ReportFixture.Spec("phase,optimizer.lr", "last(val_top1)", "phase == full");

        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Build(spec, Runs));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("Table 't'", error.Message);
        Assert.Contains("3 runs give the row (phase=full, optimizer.lr=0.025)", error.Message);
        foreach (var seed in ReportFixture.Seeds)
        {
            Assert.Contains(ReportFixture.Find("full", 0.025, seed).Run.Id[..12], error.Message);
        }

        Assert.Contains("they differ in: seed)", error.Message);
    }

    [Fact]
    public void No_finished_runs_give_a_header_only_table()
    {
        var csv = TableCsv.Render(TableBuilder.Build(ReportFixture.FinalTop1, Runs.Where(r => r.Run.Status != RunStatus.Done)));

        Assert.Equal("optimizer.lr,seed,top1,top5\n", csv);
    }

    [Fact]
    public void Csv_quotes_cells_that_contain_separators()
    {
        var table = new Table("t", ["a", "b"], [["[2,3,4]", "say \"hi\""]]);

        Assert.Equal("a,b\n\"[2,3,4]\",\"say \"\"hi\"\"\"\n", TableCsv.Render(table));
    }

    private static bool IsLr01(RecordedRun run) => run.Run.ConfigJson.Contains("\"optimizer.lr\":0.1,", StringComparison.Ordinal);

    private static RecordedRun Single(params MetricPoint[] metrics) =>
        ReportFixture.FullRun(0.1, 0) with { Metrics = metrics };

    private static string Cell(RecordedRun run, string expression, string format = "R") =>
        TableBuilder.Build(new TableSpec("t", [], [new TableValueSpec("v", expression, format)], null), [run]).Rows.Single()[0];
}
