using OfaExp.Core.Config;
using OfaExp.Core.Errors;
using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

public sealed class ExperimentTreeTests
{
    [Fact]
    public void Defaults_are_inherited_along_the_directory_path_and_the_nearest_wins()
    {
        using var tree = new TempTree();
        tree.Write("defaults.yaml", "seed: 1\nsupernet: {width_mult: 0.5, resolutions: [28]}\nphases: {full: {epochs: 4}}\n");
        tree.Write("group/defaults.yaml", "seed: 2\n");
        tree.Write("group/e/experiment.yaml", "phases: {full: {lr: 0.2}}\n");
        var plan = Plans.Of(tree.Dir("group"));
        var spec = plan.Runs.Single().Spec;
        Assert.Equal("group/e", spec.Name);
        Assert.Equal(2, spec.Seed);
        Assert.Equal(0.5, spec.Supernet.WidthMult);
        Assert.Equal(4, spec.Phases["full"].Epochs);
        Assert.Equal(0.2, spec.Phases["full"].Lr);
    }

    [Fact]
    public void Overrides_beat_every_file()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "supernet: {resolutions: [28]}\nphases: {full: {epochs: 4}}\n");
        var spec = Plans.Of(tree.Dir("e"), "phases.full.epochs=7", "supernet.depths=[2,3]").Runs.Single().Spec;
        Assert.Equal(7, spec.Phases["full"].Epochs);
        Assert.Equal([2, 3], spec.Supernet.Depths);
    }

    [Fact]
    public void Every_experiment_below_a_directory_is_found_in_path_order()
    {
        using var tree = new TempTree();
        tree.Write("b/experiment.yaml", "supernet: {resolutions: [28]}\n");
        tree.Write("a/x/experiment.yaml", "supernet: {resolutions: [28]}\n");
        tree.Write("a/experiment.yaml", "supernet: {resolutions: [28]}\n");
        Assert.Equal(["a", "a/x", "b"], ExperimentTree.Discover(tree.Root).Select(s => s.Name));
    }

    [Fact]
    public void A_directory_without_experiments_is_a_clear_error()
    {
        using var tree = new TempTree();
        tree.Write("empty/notes.txt", "nothing here");
        var e = Assert.Throws<OfaExpException>(() => ExperimentTree.Discover(tree.Dir("empty")));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains("experiment.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_is_a_clear_error()
    {
        var e = Assert.Throws<OfaExpException>(() => ExperimentTree.Discover("/nonexistent/experiments/x"));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_override_is_rejected()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "supernet: {resolutions: [28]}\n");
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e"), "phases.full.epochs"));
        Assert.Contains("key.path=value", e.Message, StringComparison.Ordinal);
    }
}
