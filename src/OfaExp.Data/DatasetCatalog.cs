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
        ImageFolderLayout.Name => [],
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
        ImageFolderLayout.Name => ImageFolderLayout.Manifest(ImageFolderLayout.Open(spec.Root).Train),
        _ => throw Unknown(spec.Dataset),
    };

    /// <summary>The files whose contents identify the test split (for Tiny ImageNet, val/'s annotations; its images enter through <see cref="TestManifest"/>).</summary>
    public static IReadOnlyList<string> TestFiles(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.TestFiles(spec.Root),
        Cifar10.Name => Cifar10.TestFiles(spec.Root),
        TinyImageNet.Name => TinyImageNet.TestFiles(spec.Root),
        ImageFolderLayout.Name => ImageFolderLabelsFile(spec.Root),
        _ => throw Unknown(spec.Dataset),
    };

    /// <summary>A listing of the test images <see cref="TestFiles"/> leaves out; null when TestFiles covers everything.</summary>
    public static string? TestManifest(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name or Cifar10.Name => null,
        TinyImageNet.Name => TinyImageNet.TestManifest(spec.Root),
        ImageFolderLayout.Name => ImageFolderLayout.Manifest(ImageFolderLayout.Open(spec.Root).Val),
        _ => throw Unknown(spec.Dataset),
    };

    public static ImageSet LoadTrain(DataSpec spec) => spec.Dataset switch
    {
        FashionMnist.Name => FashionMnist.LoadTrain(spec.Root),
        Cifar10.Name => Cifar10.LoadTrain(spec.Root),
        TinyImageNet.Name => TinyImageNet.LoadTrain(spec.Root, DecodedImageCache.DefaultDirectory()),
        ImageFolderLayout.Name => throw Streaming(),
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
        ImageFolderLayout.Name => throw Streaming(),
        _ => throw Unknown(spec.Dataset),
    };

    public static ChannelStats Normalization(string dataset) => dataset switch
    {
        FashionMnist.Name => FashionMnist.Normalization,
        Cifar10.Name => Cifar10.Normalization,
        TinyImageNet.Name => TinyImageNet.Normalization,

        // Photos: ImageNet's statistics, as OFA normalises ImageNet.
        ImageFolderLayout.Name => TinyImageNet.Normalization,
        _ => throw Unknown(dataset),
    };

    private static IReadOnlyList<string> ImageFolderLabelsFile(string root)
    {
        var labels = Path.Combine(ImageFolderLayout.Open(root).Root, ImageFolderLayout.ValFolder, ImageFolderLayout.ValLabelsFile);
        return File.Exists(labels) ? [labels] : [];
    }

    // image_folder data is decoded per batch (ImageBatchPipeline); the trainers' in-memory path cannot hold it.
    private static OfaExpException Streaming() =>
        new($"The {ImageFolderLayout.Name} data set is streamed batch by batch and cannot be loaded into memory; the trainers do not read it yet "
            + "(docs/data.md, 'Not wired yet').",
            ExitCodes.BadInput);

    private static ArgumentException Unknown(string dataset) =>
        new($"Dataset '{dataset}' has no loader in OfaExp.Data.", nameof(dataset));
}
