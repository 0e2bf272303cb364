using System.Globalization;
using OfaExp.Core.Errors;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Data;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Nn.Training;

/// <summary>
/// A phase's training batches, validation batches and BN-recalibration subsets, built from the experiment's data
/// spec: in memory for the data sets that fit (<see cref="TrainBatches"/>, <see cref="EvalBatches"/>), decoded from
/// the files as they are needed for image folders (<see cref="FolderPhaseData"/>). In-memory splits come from the
/// process's <see cref="SplitCache"/>, and their training batches are filled a step ahead on a background thread
/// (<see cref="PrefetchedTrainBatches"/>). Disposing it stops a streamed source's decode threads and the prefetch thread.
/// </summary>
public sealed class PhaseData : IDisposable
{
    private readonly Func<int, int, int, AugmentSpec, IEvalBatchSource> _recalibration;

    /// <param name="recalibration">The recalibration subset of (seed, images, batch size, training transform); see <see cref="Recalibration"/>.</param>
    public PhaseData(ITrainBatchSource train, IEvalBatchSource validation, Func<int, int, int, AugmentSpec, IEvalBatchSource> recalibration)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(recalibration);
        Train = train;
        Validation = validation;
        _recalibration = recalibration;
    }

    public ITrainBatchSource Train { get; }

    public IEvalBatchSource Validation { get; }

    /// <param name="trainResolution">
    /// The resolution of (epoch, step), the trainer's own draw: a streamed source decodes each batch at it. Null: the
    /// phase's largest (the network resizes on the tensor side). In-memory sources ignore it.
    /// </param>
    /// <exception cref="OfaExpException">The data is missing or cannot serve this phase's batch sizes.</exception>
    public static PhaseData Load(ExperimentSpec spec, PhaseSpec phase, Func<int, int, int>? trainResolution = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(phase);
        if (FolderDataSets.Is(spec.Data.Dataset))
        {
            return FolderPhaseData.Load(spec, phase, trainResolution ?? ((_, _) => phase.Choices.Resolutions.Max()));
        }

        var (train, validation) = TrainAndValidation(spec.Data);
        CheckSplit(spec, phase, train.Count, validation.Count);
        var stats = DatasetCatalog.Normalization(spec.Data.Dataset);
        var validationBatches = new EvalBatches(validation, stats, phase.EvalBatchSize);
        var trainBatches = new TrainBatches(train, spec.Data.Augment, stats, TrainingSeeds.Data(spec.Seed, phase.Name), phase.BatchSize);

        // The prefetch thread starts last, when nothing left here can throw and leave it running.
        return new PhaseData(
            new PrefetchedTrainBatches(trainBatches, phase.TotalEpochs),
            validationBatches,
            (seed, images, batchSize, augment) =>
            {
                var subset = train.Subset(RecalibrationSubset(seed, train.Count, images));
                return new EvalBatches(subset, stats, batchSize, augment, SeedDerivation.Derive(seed, "bn-recal-augment"));
            });
    }

    /// <summary>
    /// The data set's official test split (all of it, or <paramref name="subset"/> images drawn by a permutation
    /// seeded by data.split_seed), unaugmented, for the test metrics of evaluated subnets; never used for choices.
    /// </summary>
    /// <exception cref="OfaExpException">The test split is missing or invalid.</exception>
    public static IEvalBatchSource Test(ExperimentSpec spec, int subset, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (FolderDataSets.Is(spec.Data.Dataset))
        {
            return FolderPhaseData.Test(spec, subset, batchSize);
        }

        var selection = string.Create(CultureInfo.InvariantCulture, $"test_subset={subset};split_seed={spec.Data.SplitSeed}");
        var test = SplitCache.Shared.GetOrLoad(SplitCacheKey.For(spec.Data, SplitCacheKey.TestSplit, selection), () =>
        {
            var all = DatasetCatalog.LoadTest(spec.Data);
            return [TestSubset(spec.Data, all.Count, subset) is { } picked ? all.Subset(picked) : all];
        })[0];
        return new EvalBatches(test, DatasetCatalog.Normalization(spec.Data.Dataset), batchSize);
    }

    /// <summary>
    /// The run's train and validation images (<see cref="DataSplitter"/>), from the process's split cache when an
    /// earlier run or evaluator of this process loaded the same selection of the same files.
    /// </summary>
    internal static (ImageSet Train, ImageSet Validation) TrainAndValidation(DataSpec data)
    {
        var selection = string.Create(
            CultureInfo.InvariantCulture, $"train_subset={data.TrainSubset};val_fraction={data.ValFraction:R};split_seed={data.SplitSeed}");
        var sets = SplitCache.Shared.GetOrLoad(SplitCacheKey.For(data, SplitCacheKey.TrainSplit, selection), () =>
        {
            var full = DatasetCatalog.LoadTrain(data);
            var (trainIndices, validationIndices) = DataSplitter.Indices(full.Count, data);
            return [full.Subset(trainIndices), full.Subset(validationIndices)];
        });
        return (sets[0], sets[1]);
    }

    /// <summary>
    /// OFA's BN-recalibration subset: <paramref name="images"/> training images drawn by a seeded permutation that
    /// depends on the experiment seed only, so every subnet of every phase is calibrated on the same images.
    /// Through the training transform <paramref name="augment"/>, as OFA's sub-train loader is (each image's crop and
    /// flip seeded by the experiment seed and its place in the subset, so they are the same for every subnet), in
    /// batches of <paramref name="batchSize"/> (the last one possibly smaller).
    /// </summary>
    public IEvalBatchSource Recalibration(int seed, int images, int batchSize, AugmentSpec augment) =>
        _recalibration(seed, images, batchSize, augment);

    public void Dispose()
    {
        (Train as IDisposable)?.Dispose();
        (Validation as IDisposable)?.Dispose();
    }

    /// <summary>The split must validate something and fill a training batch.</summary>
    /// <exception cref="OfaExpException">It does not.</exception>
    internal static void CheckSplit(ExperimentSpec spec, PhaseSpec phase, int train, int validation)
    {
        if (validation == 0)
        {
            throw new OfaExpException(
                $"Phase '{phase.Name}' validates after every epoch, but data.val_fraction {spec.Data.ValFraction} holds out no "
                + "images. Set data.val_fraction above 0 (e.g. 0.1).");
        }

        if (train < phase.BatchSize)
        {
            throw new OfaExpException(
                $"phases.{phase.Name}.batch_size is {phase.BatchSize}, but only {train} training images remain "
                + "after the validation hold-out. Lower the batch size or raise data.train_subset.");
        }
    }

    /// <summary>The first <paramref name="images"/> of a permutation of the training split seeded by the experiment seed.</summary>
    internal static int[] RecalibrationSubset(int seed, int count, int images)
    {
        var order = Identity(count);
        new SplitMix64(SeedDerivation.Derive(seed, "bn-recal")).Shuffle(order.AsSpan());
        return order[..Math.Min(images, count)];
    }

    /// <summary>The test images a subset of <paramref name="subset"/> keeps, ascending; null when it keeps them all.</summary>
    internal static int[]? TestSubset(DataSpec data, int count, int subset)
    {
        if (subset <= 0 || subset >= count)
        {
            return null;
        }

        var order = Identity(count);
        new SplitMix64(SeedDerivation.Derive(data.SplitSeed, "test-subset")).Shuffle(order.AsSpan());
        var picked = order[..subset];
        Array.Sort(picked);
        return picked;
    }

    private static int[] Identity(int count)
    {
        var order = new int[count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        return order;
    }
}
