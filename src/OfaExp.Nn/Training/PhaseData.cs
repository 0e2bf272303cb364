using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using OfaExp.Data;

namespace OfaExp.Nn.Training;

/// <summary>A phase's training batches and validation batches, built from the experiment's data spec.</summary>
public sealed record PhaseData(TrainBatches Train, EvalBatches Validation)
{
    /// <exception cref="OfaExpException">The data is missing or cannot serve this phase's batch sizes.</exception>
    public static PhaseData Load(ExperimentSpec spec, PhaseSpec phase)
    {
        var split = DataSplitter.Split(DatasetCatalog.LoadTrain(spec.Data), spec.Data);
        if (split.Validation.Count == 0)
        {
            throw new OfaExpException(
                $"Phase '{phase.Name}' validates after every epoch, but data.val_fraction {spec.Data.ValFraction} holds out no "
                + "images. Set data.val_fraction above 0 (e.g. 0.1).");
        }

        if (split.Train.Count < phase.BatchSize)
        {
            throw new OfaExpException(
                $"phases.{phase.Name}.batch_size is {phase.BatchSize}, but only {split.Train.Count} training images remain "
                + "after the validation hold-out. Lower the batch size or raise data.train_subset.");
        }

        var stats = DatasetCatalog.Normalization(spec.Data.Dataset);
        return new PhaseData(
            new TrainBatches(split.Train, spec.Data.Augment, stats, TrainingSeeds.Data(spec.Seed, phase.Name), phase.BatchSize),
            new EvalBatches(split.Validation, stats, phase.EvalBatchSize));
    }
}
