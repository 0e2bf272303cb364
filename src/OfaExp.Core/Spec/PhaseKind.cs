namespace OfaExp.Core.Spec;

/// <summary>
/// A kind of training phase and the config it reads. <paramref name="Inputs"/> are path prefixes ("supernet.",
/// "seed"); "phases.{self}." stands for the phase's own settings. A run id hashes exactly these values, so a key
/// that only a later phase reads never changes an earlier phase's id.
/// </summary>
public sealed record PhaseKind(string Name, string Description, IReadOnlyList<string> Inputs)
{
    public const string SelfPrefix = "phases.{self}.";

    /// <summary>The phase kinds this engine implements.</summary>
    public static IReadOnlyList<PhaseKind> All { get; } =
    [
        new("full", "train the maximal network (kernel 7, expand 6, depth 4, largest resolution): the teacher of later phases",
            ["seed", "device.threads", "data.", "supernet.", SelfPrefix]),
    ];

    public static PhaseKind? Find(string name) => All.FirstOrDefault(k => k.Name == name);

    public bool Reads(string path, string phaseName)
    {
        foreach (var input in Inputs)
        {
            var prefix = input.Replace("{self}", phaseName, StringComparison.Ordinal);
            if (prefix.EndsWith('.') ? path.StartsWith(prefix, StringComparison.Ordinal) : path == prefix)
            {
                return true;
            }
        }

        return false;
    }
}
