using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// Fashion-MNIST (Xiao et al. 2017) as shipped by Debian's dataset-fashion-mnist package: gzip'd IDX files. Runs read
/// only the train split and validate on a part held out of it (see <see cref="DataSplitter"/>); the t10k split
/// (<see cref="LoadTest"/>) is for final, held-out reports only.
/// </summary>
public static class FashionMnist
{
    public const string Name = "fashion-mnist";
    public const string TrainImagesFile = "train-images-idx3-ubyte.gz";
    public const string TrainLabelsFile = "train-labels-idx1-ubyte.gz";
    public const string TestImagesFile = "t10k-images-idx3-ubyte.gz";
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte.gz";

    /// <summary>Per-channel mean and std of the train split's pixels in [0, 1] (the commonly used values).</summary>
    public static ChannelStats Normalization { get; } = new([0.2860f], [0.3530f]);

    private static DatasetInfo Info => DatasetInfo.Get(Name);

    /// <summary>The full paths of the files the train split is read from, in a fixed order.</summary>
    /// <exception cref="OfaExpException">The directory or a file is missing.</exception>
    public static IReadOnlyList<string> TrainFiles(string root) => Existing(root, TrainImagesFile, TrainLabelsFile);

    /// <summary>The full paths of the t10k images and labels.</summary>
    /// <exception cref="OfaExpException">The directory or a file is missing.</exception>
    public static IReadOnlyList<string> TestFiles(string root) => Existing(root, TestImagesFile, TestLabelsFile);

    /// <summary>Loads the 60,000-image train split into memory (28 x 28 x 1 bytes per image).</summary>
    /// <exception cref="OfaExpException">Files missing, corrupt, or inconsistent with each other.</exception>
    public static ImageSet LoadTrain(string root) => Load(TrainFiles(root));

    /// <summary>Loads the 10,000-image t10k split, never used by training or model selection.</summary>
    /// <exception cref="OfaExpException">Files missing, corrupt, or inconsistent with each other.</exception>
    public static ImageSet LoadTest(string root) => Load(TestFiles(root));

    private static string[] Existing(string root, string imagesFile, string labelsFile)
    {
        var dir = string.IsNullOrWhiteSpace(root) ? Info.DefaultRoot : root;
        if (!Directory.Exists(dir))
        {
            throw Missing($"the directory '{dir}' does not exist");
        }

        var files = new[] { Path.GetFullPath(Path.Combine(dir, imagesFile)), Path.GetFullPath(Path.Combine(dir, labelsFile)) };
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw Missing($"'{file}' does not exist");
            }
        }

        return files;
    }

    private static ImageSet Load(IReadOnlyList<string> files)
    {
        var images = IdxReader.ReadGzip(files[0]);
        var labels = IdxReader.ReadGzip(files[1]);
        var info = Info;
        if (images.Dimensions.Count != 3 || images.Dimensions[1] != info.NativeResolution || images.Dimensions[2] != info.NativeResolution)
        {
            throw Inconsistent(files[0], $"expected N x {info.NativeResolution} x {info.NativeResolution} images, found {string.Join(" x ", images.Dimensions)}");
        }

        if (labels.Dimensions.Count != 1 || labels.Dimensions[0] != images.Dimensions[0])
        {
            throw Inconsistent(files[1], $"expected {images.Dimensions[0]} labels to match the images, found {string.Join(" x ", labels.Dimensions)}");
        }

        foreach (var label in labels.Data)
        {
            if (label >= info.NumClasses)
            {
                throw Inconsistent(files[1], $"label {label} is outside 0..{info.NumClasses - 1}");
            }
        }

        return new ImageSet(images.DetachData(), labels.DetachData(), info.NativeResolution, info.NativeResolution, info.Channels, info.NumClasses);
    }

    private static OfaExpException Missing(string what) =>
        new($"Fashion-MNIST was not found: {what}. Install Debian's dataset-fashion-mnist package "
            + "(apt-get install dataset-fashion-mnist) or run tools/setup.sh; if the files live elsewhere, set data.root "
            + $"to the directory that holds {TrainImagesFile} and {TrainLabelsFile}.",
            ExitCodes.BadInput);

    private static OfaExpException Inconsistent(string file, string what) =>
        new($"'{file}' does not look like Fashion-MNIST: {what}. Reinstall Debian's dataset-fashion-mnist package "
            + "(or run tools/setup.sh), or point data.root at an intact copy.",
            ExitCodes.BadInput);
}
