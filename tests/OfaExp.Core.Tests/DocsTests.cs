using OfaExp.Core.Config.Schema;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Tests;

/// <summary>The key reference in docs/experiments.md must list every key the schema accepts, and no other.</summary>
public sealed class DocsTests
{
    private static string[] Docs()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OfaExp.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        return File.ReadAllLines(Path.Combine(dir!.FullName, "docs", "experiments.md"));
    }

    [Fact]
    public void Every_phase_kind_is_documented_in_the_phase_kinds_table()
    {
        var documented = Docs()
            .SkipWhile(l => l != "## Phase kinds")
            .Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| kind ", StringComparison.Ordinal) && !l.StartsWith("|---", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim())
            .ToList();
        Assert.Equal(PhaseKindNames.Spelling.All, documented);
    }

    [Fact]
    public void Every_figure_key_is_documented_in_the_figures_table_in_order()
    {
        var documented = Docs()
            .SkipWhile(l => l != "## Figures")
            .Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| key ", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim())
            .ToList();
        Assert.Equal(EntrySchema.Figure.Names, documented);
    }

    [Fact]
    public void Every_choice_key_documents_exactly_its_spellings_in_order()
    {
        var rows = Docs()
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .GroupBy(l => l[3..l.IndexOf('`', 3)].Replace("<name>", "*", StringComparison.Ordinal), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal); // the key reference comes first
        var choices = ExperimentSchema.Leaves.Where(l => l.Choices is not null).ToList();
        Assert.NotEmpty(choices);
        foreach (var leaf in choices)
        {
            // The values column: spellings separated by an escaped '|'.
            var values = rows[leaf.Path].Split(" | ")[1].Split(@"\|").Select(v => v.Trim());
            Assert.Equal(leaf.Choices!, values);
        }
    }

    [Fact]
    public void The_figure_choices_and_the_where_operators_are_documented()
    {
        var docs = Docs();
        string Row(string key) => docs.SkipWhile(l => l != "## Figures").First(l => l.StartsWith($"| {key} |", StringComparison.Ordinal));
        Assert.All(Figures.FigureKindNames.Spelling.All, kind => Assert.Contains($"`{kind}`", Row("kind"), StringComparison.Ordinal));
        Assert.All(Tables.TableSourceNames.Spelling.All, source => Assert.Contains($"`{source}`", Row("source"), StringComparison.Ordinal));
        Assert.All(Figures.FigureErrorKindNames.Spelling.All, error => Assert.Contains($"`{error}`", Row("error"), StringComparison.Ordinal));

        var where = string.Join(" ", docs.SkipWhile(l => !l.StartsWith("- `where:`", StringComparison.Ordinal)).Take(3));
        Assert.All(Tables.WhereOperatorNames.Spelling.All, op => Assert.Contains(op is "in" or "not in" ? $"key {op} [" : $"key {op} ", where, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_schema_key_is_documented_and_every_documented_key_exists()
    {
        var docs = Docs();
        var documented = docs
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf('`', 3)].Replace("<name>", "*", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var schema = ExperimentSchema.Leaves.Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(schema.Except(documented));
        Assert.Empty(documented.Except(schema));
    }
}
