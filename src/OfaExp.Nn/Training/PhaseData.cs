using OfaExp.Core.Errors;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Data;

namespace OfaExp.Nn.Training;

/// <summary>A phase's training batches and validation batches, built from the experiment's data spec.</summary>
/// <param name="TrainImages">The training split itself, for BN recalibration subsets.</param>
/// <param name="Stats">Per-channel normalization of the dataset.</param>
public sealed record PhaseData(TrainBatches Train, EvalBatches Validation, ImageSet TrainImages, ChannelStats Stats)
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
            new EvalBatches(split.Validation, stats, phase.EvalBatchSize),
            split.Train,
            stats);
    }

    /// <summary>
    /// OFA's BN-recalibration subset: <paramref name="images"/> training images drawn by a seeded permutation that
    /// depends on the experiment seed only, so every subnet of every phase is calibrated on the same images.
    /// Through the training transform <paramref name="augment"/>, as OFA's sub-train loader is (each image's crop and
    /// flip seeded by the experiment seed and its place in the subset, so they are the same for every subnet), in
    /// batches of <paramref name="batchSize"/> (the last one possibly smaller).
    /// </summary>
    public EvalBatches Recalibration(int seed, int images, int batchSize, AugmentSpec augment)
    {
        var order = new int[TrainImages.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        new SplitMix64(SeedDerivation.Derive(seed, "bn-recal")).Shuffle(order.AsSpan());
        var subset = TrainImages.Subset(order.AsSpan(0, Math.Min(images, order.Length)));
        return new EvalBatches(subset, Stats, batchSize, augment, SeedDerivation.Derive(seed, "bn-recal-augment"));
    }
}
