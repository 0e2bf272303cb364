using OfaExp.Core.Config;
using OfaExp.Core.Errors;

namespace OfaExp.Core.Tests;

public sealed class ValidationTests
{
    private static ConfigException Fails(string yaml, params string[] overrides)
    {
        using var tree = new TempTree();
        var file = tree.Write("e/experiment.yaml", yaml);
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e"), overrides));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains("Nothing was run or written", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void Malformed_yaml_names_file_and_line()
    {
        var e = Fails("seed: 1\nsupernet:\n  width_mult: 1.0\n   depths: 3\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.EndsWith("experiment.yaml", d.Location.File, StringComparison.Ordinal);
        Assert.True(d.Location.Line >= 3);
        Assert.Contains("malformed YAML", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_gets_a_did_you_mean()
    {
        var e = Fails("seed: 1\nsupernet:\n  widht_mult: 1.0\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(3, d.Location.Line);
        Assert.Contains("unknown key 'supernet.widht_mult'", d.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'supernet.width_mult'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_known_ones()
    {
        var e = Fails("data:\n  shuffle_buffer: 10\n");
        Assert.Contains("Known keys under 'data': augment, dataset, root, split_seed, train_subset, val_fraction", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kernel_size_four_is_an_impossible_choice()
    {
        var e = Fails("supernet:\n  kernel_sizes: [3, 4, 7]\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(2, d.Location.Line);
        Assert.Contains("4 is not a valid kernel size; choose from 3, 5, 7", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_are_reported_with_what_was_expected()
    {
        var e = Fails("phases:\n  full:\n    epochs: three\n    nesterov: 1\n");
        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("phases.full.epochs: expected an integer, got 'three'", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("phases.full.nesterov: expected true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_sweep_list_is_rejected()
    {
        var e = Fails("sweep:\n  seed: []\n");
        Assert.Contains("the list for 'seed' is empty", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_key_that_does_not_exist_is_rejected_with_a_suggestion()
    {
        var e = Fails("sweep:\n  phases.full.learning_rat: [0.1]\n  sed: [1, 2]\n");
        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("Did you mean 'seed'?", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("unknown key 'phases.full.learning_rat'", StringComparison.Ordinal));
    }

    [Fact]
    public void Sweep_values_are_validated_like_file_values()
    {
        var e = Fails("sweep:\n  supernet.kernel_sizes: [[3, 5], [3, 4]]\n");
        Assert.Contains("4 is not a valid kernel size", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unequal_zip_lists_are_rejected()
    {
        var e = Fails("sweep:\n  zip:\n    - {phases.full.lr: [0.1, 0.2], phases.full.epochs: [1]}\n");
        Assert.Contains("need the same length", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_of_an_unknown_key_names_the_command_line()
    {
        var e = Fails("seed: 1\n", "phases.full.epoch=2");
        var d = Assert.Single(e.Diagnostics);
        Assert.Contains("command-line override", d.Location.File, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'phases.full.epochs'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_phase_without_a_known_kind_is_rejected()
    {
        var e = Fails("pipeline: [full, shrink]\n");
        Assert.Contains("phases.shrink: set 'kind' (one of: full, kernel, depth, expand)", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var e = Fails("seed: -1\nsupernet:\n  depths: [5]\ndata:\n  val_fraction: 0.9\n");
        Assert.Equal(3, e.Diagnostics.Count);
    }
}

public sealed class UnclosedFlowTests
{
    [Fact]
    public void An_unclosed_list_is_malformed_yaml_not_a_crash()
    {
        var e = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadText("a: [1, 2\nb: 3\n", "x.yaml"));
        Assert.Contains("malformed YAML", e.Message, StringComparison.Ordinal);
        Assert.Equal("x.yaml", e.Diagnostics[0].Location.File);
    }
}
