using OfaExp.Core.Config.Schema;
using OfaExp.Core.Search;
using OfaExp.Core.Figures;
using OfaExp.Core.Spec;
using OfaExp.Core.Tables;

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
        Check("device.memory_format", MemoryFormatNames.Spelling, ["contiguous", "channels_last"]);
        Check("latency_table.runtime", LatencyRuntimeNames.Spelling, ["libtorch", "onnxruntime"]);
        Check("accuracy_dataset.sampler", AccuracySamplerNames.Spelling, ["uniform", "balanced"]);
        Check("supernet.exits", SupernetNames.Exits, ["single", "early"]);
        Check("supernet.blocks", SupernetNames.Blocks, ["base", "dense", "parallel", "dense_parallel"]);
        Check("device.kind", DeviceKindNames.Spelling, ["cpu", "cuda"]);
        Check("search.efficiency", EfficiencyKindNames.Spelling, ["flops", "latency"]);
        Check("phases.full.kind", PhaseKindNames.Spelling, ["full", "kernel", "level", "height", "depth", "expand", "import", "accuracy_dataset", "predictor", "latency_table", "search"]);
    }

    [Fact]
    public void The_table_and_figure_choices_round_trip()
    {
        RoundTrip(TableSourceNames.Spelling, ["metrics", "subnets"]);
        RoundTrip(FigureKindNames.Spelling, ["bars", "scatter", "lines"]);
        RoundTrip(FigureErrorKindNames.Spelling, ["std", "minmax", "none"]);
        RoundTrip(WhereOperatorNames.Spelling, ["==", "!=", "in", "not in", "~", "!~"]);
    }

    [Fact]
    public void Every_phase_kind_has_its_description_and_names_itself()
    {
        Assert.Equal(Enum.GetValues<PhaseKind>(), PhaseKindInfo.All.Select(k => k.Kind));
        Assert.All(Enum.GetValues<PhaseKind>(), kind => Assert.Equal(kind, PhaseKindInfo.Of(kind).Kind));
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

    private static void RoundTrip<T>(Spelling<T> spelling, string[] expected)
        where T : struct, Enum
    {
        Assert.Equal(expected, spelling.All);
        foreach (var value in Enum.GetValues<T>())
        {
            Assert.Equal(value, spelling.Parse(spelling.Name(value)));
            Assert.True(spelling.TryParse(spelling.Name(value), out var parsed));
            Assert.Equal(value, parsed);
        }

        Assert.False(spelling.TryParse("not-a-" + typeof(T).Name, out _));
    }

    private static void Check<T>(string key, Spelling<T> spelling, string[] expected)
        where T : struct, Enum
    {
        RoundTrip(spelling, expected);
        var leaf = ExperimentSchema.Find(key)!;
        if (leaf.Default is string spelled)
        {
            Assert.Contains(spelling.Name(spelling.Parse(spelled)), expected);
        }

        Assert.All(expected, name => Assert.Null(leaf.Check!(name)));
        Assert.NotNull(leaf.Check!("not-a-" + key));
    }
}
