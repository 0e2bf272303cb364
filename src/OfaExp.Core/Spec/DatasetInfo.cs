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

    public static IReadOnlyList<DatasetInfo> All { get; } =
    [
        new("fashion-mnist", 1, 28, 10, "/usr/share/datasets/fashion-mnist") { TrainImages = 60_000, TestImages = 10_000 },

        // CIFAR-10 and Tiny ImageNet are not Debian packages; users download them into these places (docs/data.md).
        new("cifar-10", 3, 32, 10, "/usr/share/datasets/cifar-10") { TrainImages = 50_000, TestImages = 10_000 },
        new("tiny-imagenet", 3, 64, 200, "/usr/share/datasets/tiny-imagenet") { TrainImages = 100_000, TestImages = 10_000 },
    ];

    public static DatasetInfo Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"Unknown dataset '{name}'.", nameof(name));
}
