namespace OfaExp.Core.Spec;

/// <summary>Static facts about a supported dataset; the network's stem and classifier are sized from these.</summary>
public sealed record DatasetInfo(string Name, int Channels, int NativeResolution, int NumClasses, string DefaultRoot)
{
    /// <summary>
    /// Images in the train split as published (0 when unknown). Only progress estimates read it before the files
    /// are loaded; training counts the images it actually loads.
    /// </summary>
    public int TrainImages { get; init; }

    /// <summary>Images in the official test split as published (0 when unknown), for progress estimates likewise.</summary>
    public int TestImages { get; init; }

    /// <summary>
    /// Decoded batch by batch from a folder of image files (docs/data.md, "Image folders") rather than loaded into
    /// memory; such a set has no native resolution of its own (photos of any size are cropped to the step's).
    /// </summary>
    public bool Streamed { get; init; }

    /// <summary>The name of the image-folder data set whose classes are its train/ folders (<see cref="NumClasses"/> 0 until they are counted).</summary>
    public const string ImageFolder = "image_folder";

    /// <summary>ImageNet (ILSVRC-2012) in the image-folder layout: 1000 class folders, checked when planned.</summary>
    public const string ImageNet = "imagenet";

    public static IReadOnlyList<DatasetInfo> All { get; } =
    [
        new("fashion-mnist", 1, 28, 10, "/usr/share/datasets/fashion-mnist") { TrainImages = 60_000, TestImages = 10_000 },

        // CIFAR-10 and Tiny ImageNet are not Debian packages; users download them into these places (docs/data.md).
        new("cifar-10", 3, 32, 10, "/usr/share/datasets/cifar-10") { TrainImages = 50_000, TestImages = 10_000 },
        new("tiny-imagenet", 3, 64, 200, "/usr/share/datasets/tiny-imagenet") { TrainImages = 100_000, TestImages = 10_000 },

        // Streamed image folders: the class count of image_folder is its train/ folders (DataSpec.Classes, counted
        // when a run starts); 224 is OFA's ImageNet resolution, which progress estimates weigh images against.
        new(ImageFolder, 3, 224, 0, "") { Streamed = true },
        new(ImageNet, 3, 224, 1000, "/usr/share/datasets/imagenet") { TrainImages = 1_281_167, TestImages = 50_000, Streamed = true },
    ];

    public static DatasetInfo Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"Unknown dataset '{name}'.", nameof(name));
}
