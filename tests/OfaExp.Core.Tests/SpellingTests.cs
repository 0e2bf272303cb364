using OfaExp.Core.Config.Schema;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Tests;

public sealed class SpellingTests
{
    [Fact]
    public void Every_choice_parses_back_to_itself_and_the_schema_accepts_exactly_the_spellings()
    {
        Check("kd.loss", KdLossNames.Spelling, ["none", "logits", "ens", "exit", "kl"]);
        Check("teacher.selection", TeacherSelectionNames.Spelling, ["fixed", "extracted"]);
        Check("search.strategy", SearchStrategyNames.Spelling, ["independent", "bottom_up", "top_down"]);
        Check("search.top_down_seed", TopDownSeedNames.Spelling, ["mutations", "copies"]);
        Check("device.dtype", DTypeNames.Spelling, ["float32", "float64"]);
        Check("accuracy_dataset.sampler", AccuracySamplerNames.Spelling, ["uniform", "balanced"]);
        Check("supernet.exits", SupernetNames.Exits, ["single", "early"]);
        Check("supernet.blocks", SupernetNames.Blocks, ["base", "dense", "parallel", "dense_parallel"]);
    }

    [Fact]
    public void An_unknown_spelling_is_refused_naming_the_choices()
    {
        var error = Assert.Throws<ArgumentException>(() => KdLossNames.Spelling.Parse("ensemble"));
        Assert.Contains("none, logits, ens, exit, kl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_members_spelled_alike_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new Spelling<TeacherSelection>(_ => "same"));
    }

    private static void Check<T>(string key, Spelling<T> spelling, string[] expected)
        where T : struct, Enum
    {
        Assert.Equal(expected, spelling.All);
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.Equal(value, spelling.Parse(spelling.Name(value)));
        }

        var leaf = ExperimentSchema.Find(key)!;
        Assert.Contains(spelling.Name(spelling.Parse((string)leaf.Default!)), expected);
        Assert.All(expected, name => Assert.Null(leaf.Check!(name)));
        Assert.NotNull(leaf.Check!("not-a-" + key));
    }
}
