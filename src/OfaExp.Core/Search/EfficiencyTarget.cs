using System.Globalization;

namespace OfaExp.Core.Search;

/// <summary>
/// One efficiency constraint of a search: at most <see cref="Value"/> MFLOPs or milliseconds. Written with its unit,
/// <c>120MFLOPs</c> or <c>15ms</c>, in <c>search.targets</c> and on the command line, so a number can never be read in
/// the wrong unit.
/// </summary>
public sealed record EfficiencyTarget(double Value, EfficiencyKind Kind)
{
    public const string FlopsUnit = "MFLOPs";

    public const string LatencyUnit = "ms";

    public string Unit => UnitOf(Kind);

    /// <summary>The unit targets of <paramref name="kind"/> are written in.</summary>
    public static string UnitOf(EfficiencyKind kind) => kind switch
    {
        EfficiencyKind.Flops => FlopsUnit,
        EfficiencyKind.Latency => LatencyUnit,
    };

    /// <exception cref="FormatException">Not a positive number followed by MFLOPs or ms.</exception>
    public static EfficiencyTarget Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        foreach (var (unit, kind) in Enum.GetValues<EfficiencyKind>().Select(k => (UnitOf(k), k)))
        {
            if (trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(trimmed[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                && double.IsFinite(value) && value > 0)
            {
                return new EfficiencyTarget(value, kind);
            }
        }

        throw new FormatException($"'{text}' is not an efficiency target: expected a positive number followed by {FlopsUnit} or {LatencyUnit}, e.g. 120MFLOPs or 15ms.");
    }

    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture) + Unit;
}
