using OfaExp.Core.Config.Schema;

namespace OfaExp.Core.Tests;

/// <summary>The key reference in docs/experiments.md must list every key the schema accepts, and no other.</summary>
public sealed class DocsTests
{
    [Fact]
    public void Every_schema_key_is_documented_and_every_documented_key_exists()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OfaExp.sln")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var docs = File.ReadAllLines(Path.Combine(dir!.FullName, "docs", "experiments.md"));
        var documented = docs
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l[3..l.IndexOf('`', 3)].Replace("<name>", "*", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var schema = ExperimentSchema.Leaves.Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(schema.Except(documented));
        Assert.Empty(documented.Except(schema));
    }
}
