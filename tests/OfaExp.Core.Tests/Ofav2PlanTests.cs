using OfaExp.Core.Config;
using OfaExp.Core.Planning;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Tests;

/// <summary>OFAv2 in the run graph: variant-dependent phases, level/height choices, multi-exit KD and the KD sweep's shared prefix.</summary>
public sealed class Ofav2PlanTests
{
    /// <summary>OFAv2's extended phase order on a small supernet; each variant keeps the phases that apply to it.</summary>
    private const string Ofav2 = """
        seed: 1
        supernet:
          width_mult: 0.5
          resolutions: [24, 28]
          exits: early
          blocks: dense_parallel
        kd:
          loss: ens
        pipeline: [full, kernel, level1, level2, height1, height2, depth, expand]
        phases:
          full: {epochs: 2}
          kernel: {epochs: 1}
          level1: {kind: level, levels: [2, 3], subnets_per_step: 2}
          level2: {kind: level, subnets_per_step: 2}
          height1: {kind: height, exits: [4, 5], subnets_per_step: 2}
          height2: {kind: height, subnets_per_step: 2}
          depth: {epochs: 1}
          expand: {epochs: 1}
        """;

    private static RunPlan Plan(string yaml, params string[] overrides)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", yaml);
        return Plans.Of(tree.Dir("e"), overrides);
    }

    [Theory]
    [InlineData("early", "dense_parallel", "full,kernel,level1,level2,height1,height2,depth,expand")]
    [InlineData("early", "dense", "full,kernel,height1,height2,depth,expand")]
    [InlineData("single", "parallel", "full,kernel,level1,level2,depth,expand")]
    [InlineData("single", "base", "full,kernel,depth,expand")]
    public void Phases_that_do_not_apply_to_a_variant_are_not_in_its_graph(string exits, string blocks, string phases)
    {
        var plan = Plan(Ofav2, $"supernet.exits={exits}", $"supernet.blocks={blocks}", exits == "single" ? "kd.loss=logits" : "kd.loss=ens");
        Assert.Equal(phases, string.Join(",", plan.Runs.Select(r => r.Phase)));
        var all = "full,kernel,level1,level2,height1,height2,depth,expand".Split(',');
        Assert.Equal(all.Except(phases.Split(',')), plan.Points.Single().DroppedPhases);

        // Each run's parent is the previous phase that is in the graph.
        for (var i = 1; i < plan.Runs.Count; i++)
        {
            Assert.Equal(plan.Runs[i - 1].Id, plan.Runs[i].ParentId);
        }
    }

    [Fact]
    public void Level_and_height_choices_default_by_kind_and_stay_open_in_later_phases()
    {
        var spec = Plan(Ofav2).Runs[0].Spec;
        Assert.Equal([3], spec.Phases["kernel"].Choices.Levels);
        Assert.Equal([5], spec.Phases["kernel"].Choices.Exits);
        Assert.Equal([2, 3], spec.Phases["level1"].Choices.Levels);
        Assert.Equal([1, 2, 3], spec.Phases["level2"].Choices.Levels);
        Assert.Equal([5], spec.Phases["level2"].Choices.Exits);
        Assert.Equal([4, 5], spec.Phases["height1"].Choices.Exits);
        Assert.Equal([1, 2, 3, 4, 5], spec.Phases["height2"].Choices.Exits);
        Assert.Equal([1, 2, 3], spec.Phases["height2"].Choices.Levels);
        Assert.Equal([1, 2, 3, 4, 5], spec.Phases["depth"].Choices.Exits);
        Assert.Equal([1, 2, 3], spec.Phases["expand"].Choices.Levels);
    }

    [Fact]
    public void Variant_keys_change_every_id_from_the_full_run_on()
    {
        var before = Plans.IdsByPhase(Plan(Ofav2));
        var after = Plans.IdsByPhase(Plan(Ofav2, "supernet.blocks=parallel"));
        Assert.NotEqual(before["full"], after["full"]);
        Assert.NotEqual(before["expand"], after["expand"]);
    }

    [Fact]
    public void Multi_exit_kd_needs_an_early_exit_supernet()
    {
        var e = Assert.Throws<ConfigException>(() => Plan(Ofav2, "supernet.exits=single"));
        Assert.Contains("kd.loss: 'ens' distills from several teacher exits, but supernet.exits is 'single'", e.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigException>(() => Plan(Ofav2, "supernet.exits=single", "kd.loss=exit"));
        Assert.NotEmpty(Plan(Ofav2, "supernet.exits=single", "kd.loss=kl").Runs);

        // Without distillation the loss is never computed, so it does not matter.
        Assert.All(Plan(Ofav2, "supernet.exits=single", "kd.ratio=0").Runs, r => Assert.Null(r.TeacherId));
    }

    [Fact]
    public void A_level_choice_outside_the_supernet_is_rejected_when_the_phase_applies()
    {
        var e = Assert.Throws<ConfigException>(() => Plan(Ofav2.Replace("levels: [2, 3]", "levels: [2, 3]}\n  bad: {kind: level, levels: [1]", StringComparison.Ordinal)
            .Replace("pipeline: [full, kernel,", "pipeline: [full, kernel, bad,", StringComparison.Ordinal), "supernet.blocks=base", "supernet.exits=single", "kd.loss=logits", "phases.kernel.levels=[2]"));
        Assert.Contains("phases.kernel.levels: 2 is not among the levels of supernet.blocks [1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_full_phase_cannot_open_levels_or_exits()
    {
        var e = Assert.Throws<ConfigException>(() => Plan(Ofav2, "phases.full.exits=[4,5]"));
        Assert.Contains("phases.full.exits: a 'full' phase trains only the maximal network, so this can only be [5]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kd_sweep_shares_the_full_run_and_collapses_the_teacher_axis_without_distillation()
    {
        const string sweep = Ofav2 + """

            sweep:
              kd.loss: [none, logits, ens]
              teacher.selection: [fixed, extracted]
            """;
        var plan = Plan(sweep.Replace("blocks: dense_parallel", "blocks: dense", StringComparison.Ordinal));

        // One full run for all six points; per kd.loss one kernel run (its teacher is the full run either way);
        // without distillation the teacher selection changes nothing, so "none" is a single lineage.
        Assert.Single(plan.Runs, r => r.Phase == "full");
        Assert.Equal(3, plan.Runs.Count(r => r.Phase == "kernel"));
        Assert.Equal(1 + 2 + 2, plan.Runs.Count(r => r.Phase == "expand"));
        Assert.Equal(6, plan.Runs.Single(r => r.Phase == "full").Points.Count);
        Assert.All(plan.Runs.Where(r => r.Spec.Kd.Loss == KdLoss.None), r => Assert.Null(r.TeacherId));
    }
}
