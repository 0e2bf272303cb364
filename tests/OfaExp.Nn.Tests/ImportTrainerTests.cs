using OfaExp.Core.Spec;
using OfaExp.Nn.Import;
using OfaExp.Nn.Training;

namespace OfaExp.Nn.Tests;

/// <summary>The import phase turns a reference checkpoint into a supernet run's model, checked against the settings.</summary>
public class ImportTrainerTests
{
    private static ExperimentSpec Spec(SupernetSpec supernet) =>
        Presets.Experiment(0, supernet) with
        {
            Data = new DataSpec("cifar-10", "/nonexistent", 0, 0.1, 0, new AugmentSpec(0, false)),
            ImportCheckpoint = ImportFixture.CheckpointPath,
        };

    [Fact]
    public void The_model_is_the_checkpoint_s_weights()
    {
        var spec = Spec(ImportFixture.Spec);
        var phase = Presets.FullPhase with { Name = "import", Kind = PhaseKind.Import };
        var outcome = new ImportTrainer().Run(new PhaseContext(spec, phase, new InMemoryRecorder()), CancellationToken.None);

        using var direct = ImportFixture.NewSupernet();
        OfaCheckpointImporter.Load(ImportFixture.CheckpointPath, direct);
        Assert.Equal(ModelState.Save(direct), outcome.ModelBytes);
        Assert.Contains(outcome.Summary, m => m.Name == "imported_tensors" && m.Value > 100);
    }

    [Fact]
    public void A_supernet_spec_that_does_not_fit_is_refused_naming_the_difference()
    {
        var spec = Spec(ImportFixture.Spec with { WidthMult = 0.25 });
        var phase = Presets.FullPhase with { Name = "import", Kind = PhaseKind.Import };
        var e = Assert.Throws<Core.Errors.OfaExpException>(() => new ImportTrainer().Run(new PhaseContext(spec, phase, new InMemoryRecorder()), CancellationToken.None));

        Assert.Contains("ofa_mbv3_tiny.pth", e.Message, StringComparison.Ordinal);
        Assert.Contains("width", e.Message, StringComparison.Ordinal);
    }
}
