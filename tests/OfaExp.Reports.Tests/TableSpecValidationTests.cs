using OfaExp.Core.Errors;
using OfaExp.Core.Tables;

namespace OfaExp.Reports.Tests;

public sealed class TableSpecValidationTests
{
    [Fact]
    public void The_declared_fixture_tables_are_valid()
    {
        TableBuilder.Validate(ReportFixture.FinalTop1);
        TableBuilder.Validate(ReportFixture.BestTop1);
        TableBuilder.Validate(ReportFixture.Epochs);
    }

    [Theory]
    [InlineData("100 * last(val_top1)")]
    [InlineData("  last( val_top1 )  ")]
    [InlineData("0.5*mean(train/loss)")]
    [InlineData("-1e2 * min(val_loss)")]
    [InlineData("min(train_loss@step)")]
    [InlineData("count(train_loss @ step)")]
    public void Accepted_expressions(string expression) =>
        TableBuilder.Validate(Spec(expression));

    [Fact]
    public void A_metric_no_phase_records_is_refused_with_a_suggestion_and_the_recorded_names()
    {
        string[] recorded = ["loss", "train_loss", "val_top1"];
        TableBuilder.Validate(Spec("last(val_top1)"), recorded);

        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(Spec("last(val_top2)"), recorded));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("Table 'final_top1', column 'top1': no phase of this experiment records the metric 'val_top2'", error.Message);
        Assert.Contains("Did you mean 'val_top1'?", error.Message);
        Assert.Contains("loss, train_loss, val_top1", error.Message);
    }

    [Theory]
    [InlineData("avg(val_top1)", "unknown aggregator 'avg'")]
    [InlineData("Last(val_top1)", "unknown aggregator 'Last'")]
    [InlineData("last(val_top1@epoch)", "unknown series '@epoch'")]
    [InlineData("100 * count(val_top1)", "count() cannot be scaled")]
    [InlineData("1e999 * last(val_top1)", "out of range")]
    [InlineData("last val_top1", "malformed expression")]
    [InlineData("last(val_top1) * 100", "malformed expression")]
    [InlineData("last(val_top1) + last(val_top5)", "malformed expression")]
    [InlineData("last()", "malformed expression")]
    [InlineData("", "malformed expression")]
    public void Bad_expressions_name_the_table_column_problem_and_grammar(string expression, string problem)
    {
        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(Spec(expression)));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("Table 'final_top1', column 'top1'", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.Contains("last, first, max, min, mean, count", error.Message);
    }

    [Fact]
    public void An_impossible_format_is_rejected()
    {
        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(Spec("last(val_top1)", "F1000000000")));

        Assert.Contains("'F1000000000' is not a .NET numeric format string", error.Message);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("sub/table")]
    [InlineData("")]
    [InlineData(".hidden")]
    public void A_table_name_must_be_a_plain_file_name(string name)
    {
        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(Spec("last(val_top1)") with { Name = name }));

        Assert.Contains("must be a plain file name", error.Message);
    }

    [Fact]
    public void A_column_may_not_repeat_a_row_key()
    {
        var spec = new TableSpec("t", ["seed"], [new TableValueSpec("seed", "last(val_top1)", "F2")], null);

        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(spec));

        Assert.Contains("column 'seed' appears twice", error.Message);
    }

    [Fact]
    public void A_row_key_must_be_a_known_key_or_config_path()
    {
        var spec = new TableSpec("t", ["seed", "lr rate"], [], null);

        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(spec));

        Assert.Contains("row key 'lr rate' is not valid", error.Message);
    }

    private static TableSpec Spec(string expression, string format = "F2") =>
        new("final_top1", ["optimizer.lr"], [new TableValueSpec("top1", expression, format)], null);
}
