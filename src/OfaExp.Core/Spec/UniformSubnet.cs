namespace OfaExp.Core.Spec;

/// <summary>
/// A named subnet with one value per elastic dimension (every block the same kernel and expand ratio, every stage
/// the same depth): what <c>eval.subnets</c> names. Resolution is not part of it; evaluations pair each subnet with
/// each of <c>eval.resolutions</c>. OFAv2 adds a branch count (<see cref="Level"/>, the first n branches of every
/// block position) and the exit stage.
/// </summary>
public sealed record UniformSubnet(string Name, int KernelSize, int ExpandRatio, int Depth, int Level = 1, int? Exit = null)
{
    public const string Min = "min";
    public const string Mid = "mid";
    public const string Max = "max";

    public static IReadOnlyList<string> Names { get; } = [Min, Mid, Max];

    /// <summary>
    /// The subnet <paramref name="name"/> over <paramref name="choices"/>: per dimension the smallest, the middle
    /// (the lower one of an even count, so it is always a real choice) or the largest choice.
    /// </summary>
    public static UniformSubnet Resolve(string name, ElasticChoices choices)
    {
        Func<IReadOnlyList<int>, int> pick = name switch
        {
            Min => c => c[0],
            Mid => c => c[(c.Count - 1) / 2],
            Max => c => c[^1],
            _ => throw new ArgumentException($"Unknown subnet name '{name}'; known: {string.Join(", ", Names)}.", nameof(name)),
        };
        return new UniformSubnet(
            name, pick(choices.KernelSizes), pick(choices.ExpandRatios), pick(choices.Depths), pick(choices.Levels), pick(choices.Exits));
    }
}
