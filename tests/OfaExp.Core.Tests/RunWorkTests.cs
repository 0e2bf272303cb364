using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

/// <summary>The planned work of a run, worked out by hand from the settings below.</summary>
public sealed class RunWorkTests
{
    // 1000 images, 200 held out: 800 train, 8 steps of 100 per epoch. Fashion-MNIST's native resolution is 28, so
    // 28 costs 1 and 56 costs 4 per image.
    private const string Experiment = """
        supernet:
          resolutions: [28, 56]
        data:
          train_subset: 1000
          val_fraction: 0.2
        eval:
          recal_images: 100
          test_subset: 300
          subnets: [min, max]
        accuracy_dataset:
          samples: 10
        pipeline: [full, kernel, accuracy_dataset, predictor]
        phases:
          full: {epochs: 2, batch_size: 100}
          kernel: {epochs: 1, batch_size: 100, subnets_per_step: 2}
        """;

    private static Dictionary<string, RunWork> Work(params string[] overrides)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        return Plans.Of(tree.Dir("e"), overrides).Runs.ToDictionary(r => r.Phase, RunWork.Of);
    }

    [Fact]
    public void A_full_run_counts_its_steps_and_validating_each_epoch()
    {
        var full = Work()["full"];

        Assert.Equal(2, full.Epochs);
        Assert.Equal(8, full.StepsPerEpoch);
        Assert.Equal(16, full.Steps);
        // 100 images per step at 56 (full trains the largest resolution) + 200 forward passes per epoch.
        Assert.Equal((100 * 4.0) + (200.0 / 3 * 4 / 8), full.StepUnits, 9);
        Assert.Equal(0, full.FinalUnits);
        Assert.Equal(16 * full.StepUnits, full.Total, 9);
    }

    [Fact]
    public void A_distilling_phase_counts_subnets_the_teacher_and_its_evaluation_grid()
    {
        var kernel = Work()["kernel"];

        // Resolutions 28 and 56 drawn alike: 2.5 per image, times 2 subnets and a third for the teacher's forward;
        // each epoch recalibrates (100) and validates (200) the maximal subnet at 56.
        Assert.Equal(8, kernel.Steps);
        Assert.Equal((100 * 2.5 * (2 + (1.0 / 3))) + (300.0 / 3 * 4 / 8), kernel.StepUnits, 9);
        // min and max at 28 and 56, each recalibrated (100), validated (200) and scored on 300 test images.
        Assert.Equal((2 * 200 * 1.0) + (2 * 200 * 4.0), kernel.FinalUnits, 9);
    }

    [Fact]
    public void Without_the_test_split_final_subnets_are_only_recalibrated_and_validated()
    {
        Assert.Equal((2 * 100 * 1.0) + (2 * 100 * 4.0), Work("eval.test=false")["kernel"].FinalUnits, 9);
    }

    [Fact]
    public void Without_distillation_no_teacher_forward_is_counted()
    {
        Assert.Equal((100 * 2.5 * 2) + (300.0 / 3 * 4 / 8), Work("kd.ratio=0")["kernel"].StepUnits, 9);
    }

    [Fact]
    public void The_whole_train_split_is_counted_when_no_subset_is_drawn()
    {
        // Fashion-MNIST's 60,000 images, 15% held out: 51,000 in steps of 64, the last partial batch dropped.
        var full = Work("data.train_subset=0", "data.val_fraction=0.15", "phases.full.batch_size=64")["full"];

        Assert.Equal(796, full.StepsPerEpoch);
    }

    [Fact]
    public void Warm_up_epochs_are_trained_too()
    {
        Assert.Equal(3, Work("phases.full.warmup_epochs=1")["full"].Epochs);
    }

    [Fact]
    public void An_accuracy_data_set_counts_its_evaluations_and_a_predictor_counts_nothing()
    {
        var work = Work();

        // 10 pairs, each recalibrated on 100 and validated on 200 images, at 28 or 56 alike.
        Assert.Equal(10 * 100 * 2.5, work["accuracy_dataset"].Total, 9);
        Assert.Equal(0, work["accuracy_dataset"].Steps);
        Assert.Equal(0, work["predictor"].Total);
    }

    [Fact]
    public void Units_done_stop_at_the_last_step()
    {
        var full = Work()["full"];

        Assert.Equal(0, full.UnitsAfter(0));
        Assert.Equal(5 * full.StepUnits, full.UnitsAfter(5), 9);
        Assert.Equal(16 * full.StepUnits, full.UnitsAfter(100), 9);
    }
}
