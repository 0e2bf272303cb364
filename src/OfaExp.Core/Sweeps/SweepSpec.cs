namespace OfaExp.Core.Sweeps;

/// <summary>The grid of an experiment: the product of its axes, minus the excluded points.</summary>
/// <param name="Excludes">Each entry maps swept paths to canonical JSON values; a point matching all of them is dropped.</param>
public sealed record SweepSpec(IReadOnlyList<SweepAxis> Axes, IReadOnlyList<IReadOnlyDictionary<string, string>> Excludes)
{
    public static SweepSpec None { get; } = new([], []);
}
