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
    /// The data set's official test split (all of it, or <paramref name="subset"/> images drawn by a permutation
    /// seeded by data.split_seed), unaugmented, for the test metrics of evaluated subnets; never used for choices.
    /// </summary>
    /// <exception cref="OfaExpException">The test split is missing or invalid.</exception>
    public static EvalBatches Test(DataSpec spec, int subset, int batchSize)
    {
        var test = DatasetCatalog.LoadTest(spec);
        if (subset > 0 && subset < test.Count)
        {
            var order = new int[test.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            new SplitMix64(SeedDerivation.Derive(spec.SplitSeed, "test-subset")).Shuffle(order.AsSpan());
            var picked = order.AsSpan(0, subset);
            picked.Sort();
            test = test.Subset(picked);
        }

        return new EvalBatches(test, DatasetCatalog.Normalization(spec.Dataset), batchSize);
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
