using OfaExp.Core.Config;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;
using Snapshooter.Xunit;

namespace OfaExp.Reports.Tests;

/// <summary>Tables with <c>source: subnets</c> over recorded subnet evaluations, and the <c>columns:</c> pivot.</summary>
public sealed class SubnetTableTests
{
    private static readonly IReadOnlyList<RecordedRun> Runs = ReportFixture.SubnetRuns;

    private static TableSpec Subnets(string rows, string expression, string? where = null, string? columns = null) =>
        new("t", rows.Split(',', StringSplitOptions.RemoveEmptyEntries), [new("v", expression, "F2")], where, TableSource.Subnets, columns);

    [Fact]
    public void Subnet_grid() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(ReportFixture.SubnetGrid, Runs)));

    [Fact]
    public void Best_subnet_per_phase_as_columns() =>
        Snapshot.Match(TableCsv.Render(TableBuilder.Build(ReportFixture.BestSubnetPerPhase, Runs)));

    [Fact]
    public void A_row_aggregates_the_evaluations_of_its_run_in_recording_order()
    {
        var table = TableBuilder.Build(Subnets("phase,seed", "first(top1)", "subnet == max"), Runs);
        var best = TableBuilder.Build(Subnets("phase,seed", "max(top1)"), Runs);
        var count = TableBuilder.Build(Subnets("phase,seed", "count(loss)"), Runs);

        Assert.Equal(["depth", "0", "66.00"], table.Rows[0]);
        Assert.Equal(["depth", "0", "66.00"], best.Rows[0]);
        Assert.Equal(["depth", "0", "4"], count.Rows[0]);
        Assert.Equal(4, table.Rows.Count);
    }

    [Fact]
    public void Evaluation_keys_and_architectures_are_row_keys()
    {
        var table = TableBuilder.Build(Subnets("phase,seed,arch", "last(top5)", "resolution != 24"), Runs);

        Assert.Equal(["phase", "seed", "arch", "v"], table.Header);
        Assert.Equal(["depth", "0", "ks=3|e=6|d=2", "78.00"], table.Rows[0]);
    }

    [Fact]
    public void Runs_without_evaluations_give_no_rows()
    {
        var table = TableBuilder.Build(Subnets("phase,seed", "max(top1)", "phase == full"), Runs);

        Assert.Empty(table.Rows);
    }

    [Fact]
    public void Two_runs_in_one_row_name_the_key_that_separates_them()
    {
        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Build(Subnets("phase,subnet", "max(top1)"), Runs));

        Assert.Contains("2 runs give the row (phase=depth, subnet=max)", error.Message);
        Assert.Contains("they differ in: seed", error.Message);
    }

    [Fact]
    public void A_pivot_leaves_missing_combinations_empty()
    {
        var onlySeed0Kernel = Runs.Where(r => !(r.Run.Phase == "kernel" && r.Run.ConfigJson.Contains("\"seed\":2", StringComparison.Ordinal)));

        var table = TableBuilder.Build(Subnets("seed", "max(top1)", columns: "phase"), onlySeed0Kernel);

        // Phases as columns follow the pipeline (kernel's run is depth's parent), not the alphabet.
        Assert.Equal(["seed", "v@kernel", "v@depth"], table.Header);
        Assert.Equal(["2", "", "67.00"], table.Rows[1]);
    }

    [Fact]
    public void A_pivot_works_over_metrics_too()
    {
        var table = TableBuilder.Build(
            new TableSpec("t", ["seed"], [new("top1", "100 * last(val_top1)", "F1")], "optimizer.lr == 0.1", Columns: "phase"),
            ReportFixture.Runs);

        Assert.Equal(["seed", "top1@full", "top1@kernel"], table.Header);
        Assert.Equal(3, table.Rows.Count);
    }

    [Theory]
    [InlineData("max(accuracy)", "unknown evaluation field 'accuracy'")]
    [InlineData("max(top1@step)", "'@step' has no meaning for subnet evaluations")]
    [InlineData("max(flops) / 0", "division by zero")]
    [InlineData("count(flops) / 2", "count() cannot be scaled")]
    [InlineData("max(flops) * 2", "malformed expression")]
    public void Bad_subnet_expressions_are_rejected(string expression, string problem)
    {
        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(Subnets("phase", expression)));

        Assert.Contains(problem, error.Message);
        Assert.Contains("top1, top5, loss, test_top1, test_top5, flops, params, latency", error.Message);
    }

    [Theory]
    [InlineData("phase,subnet", null, "row key 'subnet' is a key of subnet evaluations")]
    [InlineData("phase", "resolution == 28", "names 'resolution', a key of subnet evaluations")]
    public void Evaluation_keys_need_source_subnets(string rows, string? where, string problem)
    {
        var error = Assert.Throws<OfaExpException>(
            () => TableBuilder.Validate(new TableSpec("t", rows.Split(','), [new("v", "last(val_top1)", "F2")], where)));

        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_metric_expression_divides_as_written()
    {
        var run = ReportFixture.Runs[0];

        var table = TableBuilder.Build(new TableSpec("t", [], [new("v", "100 * last(val_top1) / 4", "R")], null), [run]);

        Assert.Equal((100 * run.Metrics.Last(m => m.Name == "val_top1").Value / 4).ToString("R", System.Globalization.CultureInfo.InvariantCulture), table.Rows[0][0]);
    }

    [Fact]
    public void A_spec_from_a_file_reports_its_line()
    {
        var at = new SourceLocation("experiments/e/experiment.yaml", 12, 7);
        var spec = Subnets("phase", "max(top9)") with { Values = [new TableValueSpec("v", "max(top9)", "F2", at)] };

        var error = Assert.Throws<ConfigException>(() => TableBuilder.Validate(spec));

        Assert.Equal(at, Assert.Single(error.Diagnostics).Location);
        Assert.Contains("unknown evaluation field 'top9'", error.Message);
    }
}
