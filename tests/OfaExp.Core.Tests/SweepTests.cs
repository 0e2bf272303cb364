namespace OfaExp.Core.Tests;

public sealed class SweepTests
{
    private const string Base = "supernet: {resolutions: [28]}\n";

    private static Core.Planning.RunPlan Plan(string sweep)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Base + sweep);
        return Plans.Of(tree.Dir("e"));
    }

    [Fact]
    public void The_grid_is_the_product_with_the_last_axis_fastest()
    {
        var plan = Plan("sweep:\n  seed: [0, 1]\n  phases.full.lr: [0.1, 0.2, 0.3]\n");
        Assert.Equal(6, plan.Points.Count);
        Assert.Equal("seed=0,phases.full.lr=0.1", plan.Points[0].Label);
        Assert.Equal("seed=0,phases.full.lr=0.2", plan.Points[1].Label);
        Assert.Equal("seed=1,phases.full.lr=0.3", plan.Points[5].Label);
        Assert.Equal(6, plan.Runs.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void Zip_groups_vary_together_and_exclude_drops_points()
    {
        var plan = Plan("""
            sweep:
              seed: [0, 1]
              zip:
                - {phases.full.epochs: [1, 2], phases.full.lr: [0.1, 0.2]}
              exclude:
                - {seed: 1, phases.full.epochs: 2}
            """);
        Assert.Equal(
            ["seed=0,phases.full.epochs=1,phases.full.lr=0.1", "seed=0,phases.full.epochs=2,phases.full.lr=0.2", "seed=1,phases.full.epochs=1,phases.full.lr=0.1"],
            plan.Points.Select(p => p.Label));
        // zip pairs values by position: the 2-epoch point got the second lr.
        Assert.Equal(0.2, plan.Runs.Single(r => r.Spec.Seed == 0 && r.Spec.Phases["full"].Epochs == 2).Spec.Phases["full"].Lr);
    }

    [Fact]
    public void Excluding_by_an_unswept_key_is_an_error()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Base + "sweep:\n  seed: [0, 1]\n  exclude:\n    - {phases.full.lr: 0.1}\n");
        var e = Assert.Throws<Core.Config.ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("is not swept", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_values_written_differently_are_one_point_not_two()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Base + "sweep:\n  phases.full.lr: [0.1, 1e-1]\n");
        var e = Assert.Throws<Core.Config.ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_override_of_a_swept_key_is_refused_and_the_axis_can_be_overridden()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "pipeline: [full]\nsweep:\n  seed: [0, 1]\n  zip:\n    - {phases.full.lr: [0.1, 0.2], phases.full.epochs: [1, 2]}\n");

        var e = Assert.Throws<Core.Config.ConfigException>(() => Plans.Of(tree.Dir("e"), "seed=2"));
        Assert.Contains("seed is swept by the experiment (sweep: seed), so a plain value would be replaced at every point; override the axis instead, e.g. sweep.seed=[2]", e.Message, StringComparison.Ordinal);
        var zip = Assert.Throws<Core.Config.ConfigException>(() => Plans.Of(tree.Dir("e"), "phases.full.lr=0.3"));
        Assert.Contains("part of a zip group (phases.full.lr, phases.full.epochs)", zip.Message, StringComparison.Ordinal);

        Assert.Equal(4, Plans.Of(tree.Dir("e")).Points.Count);
        Assert.Equal(6, Plans.Of(tree.Dir("e"), "sweep.seed=[2,3,4]").Points.Count);
        Assert.Equal(4, Plans.Of(tree.Dir("e"), "phases.full.momentum=0.8").Points.Count);
    }

    [Fact]
    public void A_dotted_axis_can_be_overridden_as_its_hint_says()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "pipeline: [full]\nsweep:\n  phases.full.lr: [0.1, 0.2]\n");

        var e = Assert.Throws<Core.Config.ConfigException>(() => Plans.Of(tree.Dir("e"), "phases.full.lr=0.3"));
        Assert.Contains("e.g. sweep.phases.full.lr=[0.3]", e.Message, StringComparison.Ordinal);
        var plan = Plans.Of(tree.Dir("e"), "sweep.phases.full.lr=[0.3, 0.4, 0.5]");
        Assert.Equal(3, plan.Points.Count);
        Assert.Equal(0.4, plan.Runs[1].Spec.Phases["full"].Lr);
    }

    [Fact]
    public void A_sweep_over_the_point_cap_is_refused_before_expanding_naming_the_axes()
    {
        using var tree = new TempTree();
        string Values(int n) => "[" + string.Join(", ", Enumerable.Range(0, n)) + "]";
        tree.Write("e/experiment.yaml", $"pipeline: [full]\nsweep:\n  seed: {Values(1000)}\n  data.split_seed: {Values(1000)}\n  phases.full.epochs: {Values(1000).Replace("[0, ", "[1000, ", StringComparison.Ordinal)}\n");

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<Core.Config.ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("seed (1000 values) x data.split_seed (1000) x phases.full.epochs (1000) = 1000000000 points", e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 1000000", e.Message, StringComparison.Ordinal);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200_000_000, "the points must be counted, not materialised");
    }

    [Fact]
    public void An_experiment_file_that_sets_nothing_is_refused()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "# nothing yet\n");

        var e = Assert.Throws<Core.Config.ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("experiment.yaml:1", e.Message, StringComparison.Ordinal);
        Assert.Contains("sets nothing", e.Message, StringComparison.Ordinal);
    }
}
