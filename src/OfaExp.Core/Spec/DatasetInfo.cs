namespace OfaExp.Core.Spec;

/// <summary>Static facts about a supported dataset; the network's stem and classifier are sized from these.</summary>
public sealed record DatasetInfo(string Name, int Channels, int NativeResolution, int NumClasses, string DefaultRoot)
{
    public static IReadOnlyList<DatasetInfo> All { get; } =
    [
        new("fashion-mnist", 1, 28, 10, "/usr/share/datasets/fashion-mnist"),
    ];

    public static bool IsKnown(string name) => All.Any(d => d.Name == name);

    public static DatasetInfo Get(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"Unknown dataset '{name}'.", nameof(name));
}
