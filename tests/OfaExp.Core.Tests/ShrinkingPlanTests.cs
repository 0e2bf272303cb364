using OfaExp.Core.Planning;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Tests;

/// <summary>Progressive-shrinking phases in the run graph: what they read, their teacher, their default choices.</summary>
public sealed class ShrinkingPlanTests
{
    /// <summary>OFA's phase order on a small supernet (kernel sizes 3..7, expand 3..6, depths 2..4, two resolutions).</summary>
    public const string Ofa = """
        seed: 1
        supernet:
          width_mult: 0.5
          resolutions: [24, 28]
        pipeline: [full, kernel, depth1, depth2, expand1]
        phases:
          full: {epochs: 2}
          kernel: {epochs: 1}
          depth1: {kind: depth, depths: [3, 4], subnets_per_step: 2}
          depth2: {kind: depth, subnets_per_step: 2}
          expand1: {kind: expand, expand_ratios: [4, 6], subnets_per_step: 4, sort_channels: true}
        """;

    private static RunPlan Plan(string yaml, params string[] overrides)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", yaml);
        return Plans.Of(tree.Dir("e"), overrides);
    }

    [Fact]
    public void Kd_settings_leave_the_full_run_alone_and_change_every_distilling_run()
    {
        var before = Plans.IdsByPhase(Plan(Ofa));
        foreach (var change in new[] { "kd.ratio=0.5", "kd.loss=kl", "kd.temperature=4", "eval.recal_batch_size=100", "eval.subnets=[max]", "eval.recal_images=500" })
        {
            var after = Plans.IdsByPhase(Plan(Ofa, change));
            Assert.Equal(before["full"], after["full"]);
            foreach (var phase in new[] { "kernel", "depth1", "depth2", "expand1" })
            {
                Assert.NotEqual(before[phase], after[phase]);
            }
        }
    }

    [Fact]
    public void An_extracted_teacher_is_the_parent_and_changes_exactly_the_runs_whose_teacher_changes()
    {
        var fixedPlan = Plan(Ofa);
        var extracted = Plan(Ofa, "teacher.selection=extracted");
        foreach (var run in extracted.Runs.Where(r => r.Phase != "full"))
        {
            Assert.Equal(run.ParentId, run.TeacherId);
        }

        var before = Plans.IdsByPhase(fixedPlan);
        var after = Plans.IdsByPhase(extracted);
        Assert.Equal(before["full"], after["full"]);
        Assert.Equal(before["kernel"], after["kernel"]);
        foreach (var phase in new[] { "depth1", "depth2", "expand1" })
        {
            Assert.NotEqual(before[phase], after[phase]);
        }

        // The full phase's training resolutions are its own input.
        Assert.NotEqual(before["full"], Plans.IdsByPhase(Plan(Ofa, "phases.full.resolutions=[24,28]"))["full"]);

        // Without distillation there is no teacher, so the strategy changes nothing.
        Assert.Equal(Plans.IdsByPhase(Plan(Ofa, "kd.ratio=0")), Plans.IdsByPhase(Plan(Ofa, "kd.ratio=0", "teacher.selection=extracted")));
    }

    [Fact]
    public void Each_distilling_run_has_the_full_run_as_teacher_and_hashes_it()
    {
        var plan = Plan(Ofa);
        var full = plan.Runs.Single(r => r.Phase == "full");
        Assert.Null(full.TeacherId);
        Assert.DoesNotContain("\"teacher\"", full.ConfigJson, StringComparison.Ordinal);
        foreach (var run in plan.Runs.Where(r => r.Phase != "full"))
        {
            Assert.Equal(full.Id, run.TeacherId);
            Assert.Contains($"\"teacher\":\"{full.Id}\"", run.ConfigJson, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_distillation_there_is_no_teacher_and_the_ids_differ()
    {
        var distilling = Plan(Ofa);
        var plain = Plan(Ofa, "kd.ratio=0");
        Assert.All(plain.Runs, r => Assert.Null(r.TeacherId));
        Assert.All(plain.Runs.Where(r => r.Phase != "full"), r => Assert.DoesNotContain("\"teacher\"", r.ConfigJson, StringComparison.Ordinal));
        Assert.Equal(distilling.Runs[0].Id, plain.Runs[0].Id);
        Assert.NotEqual(distilling.Runs[1].Id, plain.Runs[1].Id);
    }

    [Fact]
    public void The_teacher_is_the_first_full_phase_even_after_a_second_full_phase()
    {
        var plan = Plan(Ofa.Replace("pipeline: [full, kernel,", "pipeline: [full, again, kernel,", StringComparison.Ordinal) + "\n  again: {kind: full, epochs: 1}\n");
        var full = plan.Runs.Single(r => r.Phase == "full");
        Assert.Null(plan.Runs.Single(r => r.Phase == "again").TeacherId);
        Assert.Equal(full.Id, plan.Runs.Single(r => r.Phase == "kernel").TeacherId);
    }

    [Fact]
    public void Choices_default_by_kind_as_in_ofa()
    {
        var spec = Plan(Ofa).Runs[0].Spec;
        static string Show(ElasticChoices c) =>
            $"K{string.Join(",", c.KernelSizes)} E{string.Join(",", c.ExpandRatios)} D{string.Join(",", c.Depths)} R{string.Join(",", c.Resolutions)}";
        Assert.Equal("K7 E6 D4 R28", Show(spec.Phases["full"].Choices));
        Assert.Equal("K3,5,7 E6 D4 R24,28", Show(spec.Phases["kernel"].Choices));
        Assert.Equal("K3,5,7 E6 D3,4 R24,28", Show(spec.Phases["depth1"].Choices));
        Assert.Equal("K3,5,7 E6 D2,3,4 R24,28", Show(spec.Phases["depth2"].Choices));
        Assert.Equal("K3,5,7 E4,6 D2,3,4 R24,28", Show(spec.Phases["expand1"].Choices));
        Assert.Equal((1, false), (spec.Phases["kernel"].SubnetsPerStep, spec.Phases["kernel"].SortChannels));
        Assert.Equal((4, true), (spec.Phases["expand1"].SubnetsPerStep, spec.Phases["expand1"].SortChannels));
    }

    [Fact]
    public void Kd_teacher_and_eval_default_to_ofa()
    {
        var spec = Plan(Ofa).Runs[0].Spec;
        Assert.Equal(new KdSpec(1.0, KdLoss.Logits, 1.0), spec.Kd);
        Assert.Equal(new TeacherSpec(TeacherSelection.Fixed), spec.Teacher);
        Assert.Equal((2000, 200), (spec.Eval.RecalImages, spec.Eval.RecalBatchSize));
        Assert.Equal([new("min", 3, 3, 2, 1, 5), new("mid", 5, 4, 3, 1, 5), new UniformSubnet("max", 7, 6, 4, 1, 5)], spec.Eval.Subnets);
        Assert.Equal([24, 28], spec.Eval.Resolutions);
    }

    [Fact]
    public void Writing_a_default_choice_out_gives_the_same_id_as_leaving_it_out()
    {
        var implicitIds = Plans.IdsByPhase(Plan(Ofa));
        var explicitIds = Plans.IdsByPhase(Plan(Ofa, "phases.kernel.kernel_sizes=[3,5,7]", "phases.kernel.depths=[4]", "eval.resolutions=[24,28]", "phases.full.resolutions=[28]"));
        Assert.Equal(implicitIds, explicitIds);
        Assert.NotEqual(implicitIds["kernel"], Plans.IdsByPhase(Plan(Ofa, "phases.kernel.kernel_sizes=[5,7]"))["kernel"]);
    }

    [Fact]
    public void Default_choices_follow_a_swept_supernet()
    {
        var plan = Plan(Ofa + "\nsweep:\n  supernet.kernel_sizes: [[3, 5, 7], [5, 7]]\n");
        var kernels = plan.Points.Select(p => plan.Runs.Single(r => r.Id == p.RunIds[1]).Spec.Phases["kernel"].Choices.KernelSizes).ToList();
        Assert.Equal([3, 5, 7], kernels[0]);
        Assert.Equal([5, 7], kernels[1]);
    }

    [Fact]
    public void A_swept_phase_kind_is_hashed_with_what_that_kind_reads()
    {
        var plan = Plan(Ofa.Replace("pipeline: [full, kernel, depth1, depth2, expand1]", "pipeline: [full, second]", StringComparison.Ordinal)
            + "\n  second: {kind: kernel}\nsweep:\n  phases.second.kind: [kernel, full]\n");
        var seconds = plan.Runs.Where(r => r.Phase == "second").ToList();
        Assert.Equal(2, seconds.Count);
        Assert.Contains("kd.ratio", seconds[0].ConfigJson, StringComparison.Ordinal);
        Assert.DoesNotContain("kd.ratio", seconds[1].ConfigJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("min", 3, 3, 2)]
    [InlineData("mid", 5, 4, 3)]
    [InlineData("max", 7, 6, 4)]
    public void Uniform_subnets_pick_per_dimension(string name, int kernel, int expand, int depth) =>
        Assert.Equal(new UniformSubnet(name, kernel, expand, depth, 1, 5), UniformSubnet.Resolve(name, new ElasticChoices([3, 5, 7], [3, 4, 6], [2, 3, 4], [28], [1], [5])));

    [Fact]
    public void Mid_of_an_even_count_is_the_lower_middle_choice() =>
        Assert.Equal(new UniformSubnet("mid", 3, 4, 2, 2, 3), UniformSubnet.Resolve("mid", new ElasticChoices([3, 5], [3, 4, 6, 8], [2, 3], [28], [1, 2, 3], [1, 2, 3, 4, 5])));
}
