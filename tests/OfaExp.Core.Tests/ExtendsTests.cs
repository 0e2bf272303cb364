using OfaExp.Core.Config;
using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

/// <summary>`extends:`: another experiment's effective config merged beneath this one's file.</summary>
public sealed class ExtendsTests
{
    private const string Base = """
        supernet: {width_mult: 0.5, resolutions: [24, 28]}
        pipeline: [full, kernel]
        phases:
          full: {epochs: 3, lr: 0.2}
          kernel: {epochs: 1, lr: 0.02}
        sweep:
          seed: [0, 1]
        tables:
          full_network: {rows: [phase, seed], values: {top1: last(val_top1)}}
        """;

    [Fact]
    public void An_experiment_that_only_extends_plans_the_same_runs()
    {
        using var tree = new TempTree();
        tree.Write("base/experiment.yaml", Base.Replace("sweep:\n  seed: [0, 1]\n", "", StringComparison.Ordinal));
        tree.Write("copy/experiment.yaml", "extends: ../base\n");
        Assert.Equal(Plans.IdsByPhase(Plans.Of(tree.Dir("base"))), Plans.IdsByPhase(Plans.Of(tree.Dir("copy"))));
    }

    [Fact]
    public void A_child_experiment_that_shares_its_parents_runs_keeps_its_own_tables()
    {
        using var tree = new TempTree();
        tree.Write("base/experiment.yaml", Base);
        tree.Write("base/child/experiment.yaml", "extends: ..\ntables:\n  own: {rows: [seed], values: {top1: last(val_top1)}}\n");
        var plan = Plans.Of(tree.Dir("base"));
        var child = Assert.Single(plan.Experiments, e => e.Name.EndsWith("child", StringComparison.Ordinal)).Name;
        var parent = Assert.Single(plan.Experiments, e => e.Name != child).Name;

        // Every run of the child is shared with the parent, which planned it first and whose spec it carries.
        Assert.All(plan.RunsOf(child), r => Assert.Equal(parent, r.Experiment));
        Assert.Equal(["own"], plan.Tables[child].Select(t => t.Name));
        Assert.Equal(["full_network"], plan.Tables[parent].Select(t => t.Name));
    }

    [Fact]
    public void Layers_merge_as_defaults_then_extended_then_own_file_then_overrides()
    {
        using var tree = new TempTree();
        tree.Write("defaults.yaml", "seed: 4\ndata: {train_subset: 100}\n");
        tree.Write("base/experiment.yaml", Base);
        tree.Write("group/defaults.yaml", "data: {train_subset: 200, split_seed: 3}\nphases: {full: {lr: 0.9}}\n");
        tree.Write("group/e/experiment.yaml", "extends: ../../base\nphases: {kernel: {lr: 0.05}}\n");

        var spec = Plans.Of(tree.Dir("group/e"), "phases.kernel.epochs=2").Runs.First().Spec;
        Assert.Equal(4, spec.Seed);                           // root defaults, through both chains
        Assert.Equal(100, spec.Data.TrainSubset);             // the extended experiment beats this one's defaults.yaml...
        Assert.Equal(3, spec.Data.SplitSeed);                 // ...where it sets the key
        Assert.Equal(0.2, spec.Phases["full"].Lr);
        Assert.Equal(3, spec.Phases["full"].Epochs);
        Assert.Equal(0.05, spec.Phases["kernel"].Lr);         // the own file beats the extended one
        Assert.Equal(2, spec.Phases["kernel"].Epochs);        // and overrides beat every file
    }

    [Fact]
    public void Sweep_tables_and_figures_are_not_inherited()
    {
        using var tree = new TempTree();
        tree.Write("base/experiment.yaml", Base);
        tree.Write("e/experiment.yaml", "extends: ../base\n");
        var plan = Plans.Of(tree.Dir("e"));
        Assert.Equal(2, plan.Runs.Count);                     // one point: the base's seed axis stays with the base
        var source = ExperimentTree.Discover(tree.Dir("e")).Single();
        Assert.Empty(ExperimentTree.Load(source, []).Tables);
    }

    [Fact]
    public void Paths_are_relative_to_the_extending_experiments_directory()
    {
        using var tree = new TempTree();
        tree.Write("presets/base/experiment.yaml", Base);
        tree.Write("studies/deep/e/experiment.yaml", "extends: ../../../presets/base\n");
        Assert.Equal(0.2, Plans.Of(tree.Dir("studies/deep/e")).Runs.First().Spec.Phases["full"].Lr);
    }

    [Fact]
    public void A_list_is_applied_in_order_and_extends_nest()
    {
        using var tree = new TempTree();
        tree.Write("a/experiment.yaml", "supernet: {resolutions: [28]}\nphases: {full: {epochs: 2, lr: 0.1}}\n");
        tree.Write("b/experiment.yaml", "extends: ../a\nphases: {full: {lr: 0.2}}\nseed: 5\n");
        tree.Write("c/experiment.yaml", "phases: {full: {lr: 0.3, warmup_epochs: 1}}\n");
        tree.Write("d/experiment.yaml", "extends: [../b, ../c]\nseed: 6\n");

        var spec = Plans.Of(tree.Dir("d")).Runs.Single().Spec;
        Assert.Equal(2, spec.Phases["full"].Epochs);          // a, through b
        Assert.Equal(0.3, spec.Phases["full"].Lr);            // c is listed after b
        Assert.Equal(1, spec.Phases["full"].WarmupEpochs);
        Assert.Equal(6, spec.Seed);
    }

    [Fact]
    public void A_cycle_is_an_error_naming_the_chain_at_the_extends_that_closes_it()
    {
        using var tree = new TempTree();
        tree.Write("a/experiment.yaml", "supernet: {resolutions: [28]}\nextends: ../b\n");
        tree.Write("b/experiment.yaml", "seed: 1\nextends: ../a\n");
        var source = ExperimentTree.Discover(tree.Dir("a")).Single();
        var e = Assert.Throws<ConfigException>(() => ExperimentTree.Load(source, []));
        Assert.Contains("a/experiment.yaml -> b/experiment.yaml -> a/experiment.yaml", e.Message, StringComparison.Ordinal);
        Assert.Equal((tree.Dir("b/experiment.yaml"), 2), (e.Diagnostics[0].Location.File, e.Diagnostics[0].Location.Line));
    }

    [Fact]
    public void An_experiment_extending_itself_is_a_cycle()
    {
        using var tree = new TempTree();
        tree.Write("a/experiment.yaml", "extends: .\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("a")));
        Assert.Contains("a/experiment.yaml -> a/experiment.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_target_is_named_at_its_line_with_a_did_you_mean()
    {
        using var tree = new TempTree();
        tree.Write("quickstart/experiment.yaml", Base);
        tree.Write("e/experiment.yaml", "seed: 1\nextends: [../quickstart, ../quickstrat]\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Equal((tree.Dir("e/experiment.yaml"), 2), (e.Diagnostics[0].Location.File, e.Diagnostics[0].Location.Line));
        Assert.Contains("'../quickstrat' is not an experiment", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean '../quickstart'?", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_instead_of_a_directory_is_named()
    {
        using var tree = new TempTree();
        tree.Write("base/experiment.yaml", Base);
        tree.Write("e/experiment.yaml", "extends: ../base/experiment.yaml\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("Name the directory, not the file: extends: ../base.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("extends: 3\n", "'3' is not an experiment")]
    [InlineData("extends: []\n", "expected the path")]
    [InlineData("extends: {a: b}\n", "expected the path")]
    public void A_value_that_is_not_a_path_is_refused(string yaml, string expected)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", yaml);
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Diagnostics[0].Location.Line);
    }

    [Fact]
    public void Only_an_experiment_file_extends()
    {
        using var tree = new TempTree();
        tree.Write("base/experiment.yaml", Base);
        tree.Write("group/defaults.yaml", "extends: ../base\n");
        tree.Write("group/e/experiment.yaml", "supernet: {resolutions: [28]}\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("group/e")));
        Assert.Equal(tree.Dir("group/defaults.yaml"), e.Diagnostics[0].Location.File);
        Assert.Contains("only an experiment.yaml can extend", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Extends_cannot_be_overridden_and_a_misspelling_gets_a_did_you_mean()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "supernet: {resolutions: [28]}\nextend: ../base\n");
        var misspelt = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("Did you mean 'extends'?", misspelt.Message, StringComparison.Ordinal);

        tree.Write("e/experiment.yaml", "supernet: {resolutions: [28]}\n");
        var overridden = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e"), "extends=../base"));
        Assert.Contains("extends cannot be overridden", overridden.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_in_the_extended_file_are_reported_at_its_lines()
    {
        using var tree = new TempTree();
        tree.Write("base/experiment.yaml", "supernet: {resolutions: [28]}\nphases:\n  full: {epoch: 2}\n");
        tree.Write("e/experiment.yaml", "extends: ../base\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Equal((tree.Dir("base/experiment.yaml"), 3), (e.Diagnostics[0].Location.File, e.Diagnostics[0].Location.Line));
    }

    [Fact]
    public void Relative_data_root_keeps_naming_the_extended_experiments_directory()
    {
        using var tree = new TempTree();
        tree.Write("presets/base/experiment.yaml", "supernet: {resolutions: [28]}\ndata: {root: fmnist}\n");
        tree.Write("e/experiment.yaml", "extends: ../presets/base\n");
        Assert.Equal(tree.Dir("presets/base/fmnist"), Plans.Of(tree.Dir("e")).Runs.Single().Spec.Data.Root);
    }
}
