using OfaExp.Core.Errors;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Data;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Nn.Training;

/// <summary>
/// <see cref="PhaseData"/> over an image folder: the same subset, split, recalibration and test-subset permutations
/// as the in-memory data sets, applied to the folder's image lists, with batches decoded by data.decode_threads
/// threads (which no result depends on).
/// </summary>
internal static class FolderPhaseData
{
    public static PhaseData Load(ExperimentSpec spec, PhaseSpec phase, Func<int, int, int> trainResolution)
    {
        var layout = FolderDataSets.Open(spec.Data);
        var (trainIndices, validationIndices) = DataSplitter.Indices(layout.Train.Count, spec.Data);
        PhaseData.CheckSplit(spec, phase, trainIndices.Length, validationIndices.Length);
        var train = Pick(layout.Train, trainIndices);
        var stats = DatasetCatalog.Normalization(spec.Data.Dataset);
        var augment = spec.Data.Augment;
        var threads = FolderDataSets.Threads(spec.Data, spec.Device.Threads);
        return new PhaseData(
            new FolderTrainBatches(Reader(train, stats, TrainingSeeds.Data(spec.Seed, phase.Name), augment), phase.BatchSize, trainResolution, threads),
            new FolderEvalBatches(Reader(Pick(layout.Train, validationIndices), stats, 0, augment), phase.EvalBatchSize, trainTransform: false, threads),
            (seed, images, batchSize, recalAugment) => new FolderEvalBatches(
                Reader(Pick(train, PhaseData.RecalibrationSubset(seed, train.Length, images)), stats, SeedDerivation.Derive(seed, "bn-recal-augment"), recalAugment),
                batchSize,
                trainTransform: true,
                threads));
    }

    /// <exception cref="OfaExpException">The folder has no val/ images (exit 2, naming it).</exception>
    public static IEvalBatchSource Test(ExperimentSpec spec, int subset, int batchSize)
    {
        var layout = FolderDataSets.Open(spec.Data);
        if (layout.Val.Count == 0)
        {
            throw new OfaExpException(
                $"eval.test scores subnets on the held-out split, but '{Path.Combine(layout.Root, ImageFolderLayout.ValFolder)}' holds no images. "
                + "Add val/<class>/ folders (or val/ with labels.csv), or set eval.test: false.",
                ExitCodes.BadInput);
        }

        var test = PhaseData.TestSubset(spec.Data, layout.Val.Count, subset) is { } picked ? Pick(layout.Val, picked) : layout.Val;
        var stats = DatasetCatalog.Normalization(spec.Data.Dataset);
        return new FolderEvalBatches(Reader(test, stats, 0, spec.Data.Augment), batchSize, trainTransform: false, FolderDataSets.Threads(spec.Data, spec.Device.Threads));
    }

    private static FolderSampleReader Reader(IReadOnlyList<FolderImage> images, ChannelStats stats, ulong seed, AugmentSpec augment) =>
        new(images, stats, seed, augment.ResizedCropMinScale, augment.HorizontalFlip, augment.Color);

    private static FolderImage[] Pick(IReadOnlyList<FolderImage> images, int[] indices) => [.. indices.Select(i => images[i])];
}
