using OfaExp.Core.Errors;

namespace OfaExp.Reports.Tests;

public sealed class WhereFilterTests
{
    [Fact]
    public void Equality_keeps_only_matching_runs()
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,optimizer.lr,seed", "count(val_top1)", "phase == kernel"), ReportFixture.Runs);

        Assert.Equal(6, table.Rows.Count);
        Assert.All(table.Rows, r => Assert.Equal("kernel", r[0]));
    }

    [Fact]
    public void Inequality_drops_matching_runs()
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,optimizer.lr,seed", "count(val_top1)", "seed != 10"), ReportFixture.Runs);

        Assert.Equal(8, table.Rows.Count);
        Assert.DoesNotContain(table.Rows, r => r[2] == "10");
    }

    [Theory]
    [InlineData("optimizer.lr == 0.10")]
    [InlineData("optimizer.lr==1e-1")]
    [InlineData("optimizer.lr == '0.1'")]
    public void Numbers_match_by_value(string where)
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,seed", "count(val_top1)", where), ReportFixture.Runs);

        Assert.Equal(6, table.Rows.Count);
    }

    [Fact]
    public void Quoted_values_and_missing_keys_compare_as_text()
    {
        var roots = TableBuilder.Build(ReportFixture.Spec("run", "count(val_top1)", "parent == \"\""), ReportFixture.Runs);
        var fashion = TableBuilder.Build(ReportFixture.Spec("run", "count(val_top1)", "data.dataset == \"fashion-mnist\""), ReportFixture.Runs);

        Assert.Equal(6, roots.Rows.Count);
        Assert.Equal(12, fashion.Rows.Count);
    }

    [Theory]
    [InlineData("phase = full")]
    [InlineData("phase == full && seed == 0")]
    [InlineData("phase == full and")]
    [InlineData("seed in []")]
    [InlineData("seed in [0, 2")]
    [InlineData("seed in 0")]
    [InlineData("phase ~ ")]
    [InlineData("phase == full or seed == 0")]
    [InlineData("seed > 2")]
    [InlineData("phase ==")]
    [InlineData("== full")]
    [InlineData("phase")]
    [InlineData("phase == \"full")]
    [InlineData("phases..full == 1")]
    public void Anything_else_is_rejected_with_the_accepted_syntax(string where)
    {
        var spec = ReportFixture.Spec("phase", "last(val_top1)", where) with { Name = "final_top1" };

        var error = Assert.Throws<OfaExpException>(() => TableBuilder.Validate(spec));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains("Table 'final_top1'", error.Message);
        Assert.Contains("'<key> == <value>' or '<key> != <value>'", error.Message);
    }

    [Fact]
    public void Clauses_joined_by_and_must_all_hold()
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,optimizer.lr,seed", "count(val_top1)", "phase == kernel and seed != 10"), ReportFixture.Runs);

        Assert.Equal(4, table.Rows.Count);
        Assert.All(table.Rows, r => Assert.Equal("kernel", r[0]));
    }

    [Theory]
    [InlineData("seed in [0, 10]", 8)]
    [InlineData("seed in ['2']", 4)]
    [InlineData("seed not in [0, 2]", 4)]
    [InlineData("optimizer.lr in [1e-1]", 6)]
    [InlineData("phase ~ ker*", 6)]
    [InlineData("phase ~ f?ll", 6)]
    [InlineData("phase !~ *ll", 6)]
    [InlineData("phase !~ *l", 0)]
    public void Lists_and_globs_select_sets_of_values(string where, int rows)
    {
        var table = TableBuilder.Build(ReportFixture.Spec("phase,optimizer.lr,seed", "count(val_top1)", where), ReportFixture.Runs);

        Assert.Equal(rows, table.Rows.Count);
    }
}
