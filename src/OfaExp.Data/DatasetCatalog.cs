using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Data;

/// <summary>Dispatches from a <see cref="DataSpec"/>'s dataset name to that dataset's files and loader.</summary>
public static class DatasetCatalog
{
    /// <summary>
    /// The files whose contents identify the training data, full paths in a fixed order. Every file the train split
    /// is read from, except for datasets too large to hash per plan, whose images are covered by <see cref="TrainManifest"/>.
    /// </summary>
    public static IReadOnlyList<string> TrainFiles(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.TrainFiles(spec.Root),
        Cifar10.Name => Cifar10.TrainFiles(spec.Root),
        TinyImageNet.Name => TinyImageNet.TrainFiles(spec.Root),

        // Class names and labels are in the manifest's paths and label column; no other file fixes them.
        DatasetInfo.ImageFolder or DatasetInfo.ImageNet => [],
        _ => throw Unknown(spec.Dataset),
    };

    /// <summary>
    /// A listing (names and sizes) of the train files that <see cref="TrainFiles"/> leaves out because hashing them
    /// for every plan would be too slow; null when TrainFiles covers everything.
    /// </summary>
    public static string? TrainManifest(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name or Cifar10.Name => null,
        TinyImageNet.Name => TinyImageNet.TrainManifest(spec.Root),
        DatasetInfo.ImageFolder or DatasetInfo.ImageNet => ImageFolderLayout.Manifest(FolderDataSets.Open(spec).Train),
        _ => throw Unknown(spec.Dataset),
    };

    /// <summary>The files whose contents identify the test split (for Tiny ImageNet, val/'s annotations; its images enter through <see cref="TestManifest"/>).</summary>
    public static IReadOnlyList<string> TestFiles(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.TestFiles(spec.Root),
        Cifar10.Name => Cifar10.TestFiles(spec.Root),
        TinyImageNet.Name => TinyImageNet.TestFiles(spec.Root),
        DatasetInfo.ImageFolder or DatasetInfo.ImageNet => ImageFolderLabelsFile(spec),
        _ => throw Unknown(spec.Dataset),
    };

    /// <summary>A listing of the test images <see cref="TestFiles"/> leaves out; null when TestFiles covers everything.</summary>
    public static string? TestManifest(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name or Cifar10.Name => null,
        TinyImageNet.Name => TinyImageNet.TestManifest(spec.Root),
        DatasetInfo.ImageFolder or DatasetInfo.ImageNet => ImageFolderLayout.Manifest(FolderDataSets.Open(spec).Val),
        _ => throw Unknown(spec.Dataset),
    };

    public static ImageSet LoadTrain(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.LoadTrain(spec.Root),
        Cifar10.Name => Cifar10.LoadTrain(spec.Root),
        TinyImageNet.Name => TinyImageNet.LoadTrain(spec.Root, DecodedImageCache.DefaultDirectory()),
        DatasetInfo.ImageFolder or DatasetInfo.ImageNet => throw Streaming(spec.Dataset),
        _ => throw Unknown(spec.Dataset),
    };

    /// <summary>
    /// The dataset's official held-out split (CIFAR-10's test batch, Tiny ImageNet's val/), for final reports only:
    /// training and model selection validate on a split of train (<see cref="DataSplitter"/>).
    /// </summary>
    /// <exception cref="Core.Errors.OfaExpException">The split is missing or invalid, or the dataset has none that OfaExp reads.</exception>
    public static ImageSet LoadTest(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.LoadTest(spec.Root),
        Cifar10.Name => Cifar10.LoadTest(spec.Root),
        TinyImageNet.Name => TinyImageNet.LoadTest(spec.Root, DecodedImageCache.DefaultDirectory()),
        DatasetInfo.ImageFolder or DatasetInfo.ImageNet => throw Streaming(spec.Dataset),
        _ => throw Unknown(spec.Dataset),
    };

    public static ChannelStats Normalization(string dataset) => dataset switch
    {
        FashionMnist.Name => FashionMnist.Normalization,
        Cifar10.Name => Cifar10.Normalization,
        TinyImageNet.Name => TinyImageNet.Normalization,

        // Photos: ImageNet's statistics, as OFA normalises ImageNet.
        DatasetInfo.ImageFolder or DatasetInfo.ImageNet => TinyImageNet.Normalization,
        _ => throw Unknown(dataset),
    };

    /// <summary>
    /// <paramref name="spec"/> with the class and image counts of an image folder whose <see cref="DatasetInfo"/> does
    /// not know them (image_folder), counted from the files; other data sets are returned as they are. The network
    /// is sized from the class count, progress estimates from the image counts.
    /// </summary>
    /// <exception cref="OfaExpException">The folders are missing or invalid (exit 2).</exception>
    public static DataSpec WithCounts(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Info.Streamed || (spec.Info.NumClasses > 0 && spec.Info.TrainImages > 0))
        {
            return spec;
        }

        var layout = FolderDataSets.Open(spec);
        return spec with { Classes = layout.Classes.Count, TrainImages = layout.Train.Count, TestImages = layout.Val.Count };
    }

    private static IReadOnlyList<string> ImageFolderLabelsFile(DataSpec spec)
    {
        var labels = Path.Combine(FolderDataSets.Open(spec).Root, ImageFolderLayout.ValFolder, ImageFolderLayout.ValLabelsFile);
        return File.Exists(labels) ? [labels] : [];
    }

    // Folder data is decoded per batch (FolderTrainBatches, FolderEvalBatches); asking to hold it in memory is a bug.
    private static InvalidOperationException Streaming(string dataset) =>
        new($"The {dataset} data set is streamed batch by batch (ImageFolder.FolderDataSets) and cannot be loaded into memory.");

    private static ArgumentException Unknown(string dataset) =>
        new($"Dataset '{dataset}' has no loader in OfaExp.Data.", nameof(dataset));
}
