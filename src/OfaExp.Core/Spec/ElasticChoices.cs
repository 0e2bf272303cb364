namespace OfaExp.Core.Spec;

/// <summary>
/// The elastic choices a phase samples subnets from (each a non-empty ascending subset of the supernet's), or the
/// whole space of a supernet. Config keys: <c>phases.&lt;name&gt;.kernel_sizes</c>, <c>.expand_ratios</c>,
/// <c>.depths</c>, <c>.resolutions</c>, and OFAv2's <c>.levels</c> (active branches per parallel block position)
/// and <c>.exits</c> (1-based exit stages).
/// </summary>
public sealed record ElasticChoices(
    IReadOnlyList<int> KernelSizes,
    IReadOnlyList<int> ExpandRatios,
    IReadOnlyList<int> Depths,
    IReadOnlyList<int> Resolutions,
    IReadOnlyList<int> Levels,
    IReadOnlyList<int> Exits)
{
    /// <summary>The config key suffixes of the dimensions, in the order of the record's members.</summary>
    public static IReadOnlyList<string> Dimensions { get; } = ["kernel_sizes", "expand_ratios", "depths", "resolutions", "levels", "exits"];

    /// <summary>Everything the supernet can do.</summary>
    public static ElasticChoices Of(SupernetSpec supernet) =>
        new(supernet.KernelSizes, supernet.ExpandRatios, supernet.Depths, supernet.Resolutions, supernet.Levels, supernet.ExitStages);

    /// <summary>
    /// OFA's choices for a phase of <paramref name="kind"/> when the config names none: all of the supernet's
    /// choices (<paramref name="all"/>) in the dimensions the kind makes elastic, the maximum in the others.
    /// </summary>
    public static ElasticChoices DefaultFor(PhaseKindInfo kind, ElasticChoices all) =>
        new(
            Pick(kind, "kernel_sizes", all.KernelSizes),
            Pick(kind, "expand_ratios", all.ExpandRatios),
            Pick(kind, "depths", all.Depths),
            Pick(kind, "resolutions", all.Resolutions),
            Pick(kind, "levels", all.Levels),
            Pick(kind, "exits", all.Exits));

    /// <summary>The choices of one dimension by its config key suffix.</summary>
    public IReadOnlyList<int> Get(string dimension) => dimension switch
    {
        "kernel_sizes" => KernelSizes,
        "expand_ratios" => ExpandRatios,
        "depths" => Depths,
        "resolutions" => Resolutions,
        "levels" => Levels,
        "exits" => Exits,
        _ => throw new ArgumentException($"Unknown elastic dimension '{dimension}'; known: {string.Join(", ", Dimensions)}.", nameof(dimension)),
    };

    // Records compare lists by reference; choices are values.
    public bool Equals(ElasticChoices? other) =>
        other is not null
        && KernelSizes.SequenceEqual(other.KernelSizes)
        && ExpandRatios.SequenceEqual(other.ExpandRatios)
        && Depths.SequenceEqual(other.Depths)
        && Resolutions.SequenceEqual(other.Resolutions)
        && Levels.SequenceEqual(other.Levels)
        && Exits.SequenceEqual(other.Exits);

    public override int GetHashCode() =>
        HashCode.Combine(
            string.Join(',', KernelSizes), string.Join(',', ExpandRatios), string.Join(',', Depths), string.Join(',', Resolutions),
            string.Join(',', Levels), string.Join(',', Exits));

    private static IReadOnlyList<int> Pick(PhaseKindInfo kind, string dimension, IReadOnlyList<int> all) =>
        kind.ElasticByDefault.Contains(dimension) ? all.ToArray() : [all.Max()];
}
