using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OfaExp.Core.Hardware;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Reports;

/// <summary>
/// The plain-text form of a <see cref="RunComparison"/> printed by <c>ofaexp compare</c>: aligned columns, invariant
/// culture, "\n" line ends, ids as 12-hex prefixes.
/// </summary>
public static partial class RunComparisonText
{
    private const string Indent = "  ";
    private const string Absent = "(absent)";
    private const string Missing = "-";

    public static string Render(RunComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var text = new StringBuilder();
        TextGrid.Append(text, string.Empty,
        [
            Header("A", comparison.A),
            Header("B", comparison.B),
        ]);

        AppendHardware(text, comparison.A.Hardware, comparison.B.Hardware);
        AppendDifferences(text, "Identity", "key", comparison.IdentityDifferences);
        AppendDifferences(text, "Inputs", "path", comparison.InputDifferences);
        AppendAncestry(text, comparison.Ancestry);
        AppendMetrics(text, comparison.Metrics);
        AppendSubnets(text, comparison.Subnets);
        return text.ToString();
    }

    private static IReadOnlyList<string> Header(string label, RunRecord run) =>
        [label, RunIdentity.Short(run.Id), run.Experiment, run.Phase, run.Status.ToString().ToLowerInvariant()];

    private static void AppendDifferences(
        StringBuilder text, string title, string keyHeader, IReadOnlyList<ConfigDifference> differences)
    {
        text.Append('\n').Append(title).Append('\n');
        if (differences.Count == 0)
        {
            text.Append(Indent).Append("no differences\n");
            return;
        }

        var rows = new List<IReadOnlyList<string>> { new[] { keyHeader, "A", "B" } };
        rows.AddRange(differences.Select(d => (IReadOnlyList<string>)[d.Key, Value(d.A), Value(d.B)]));
        TextGrid.Append(text, Indent, rows);
    }

    // Results of one id agree bit for bit only on one hardware class, so a metric delta between runs of two classes
    // may be float noise; the verdict says so when both classes are known.
    private static void AppendHardware(StringBuilder text, string? a, string? b)
    {
        text.Append("\nHardware\n");
        TextGrid.Append(text, Indent, [["A", Hardware(a)], ["B", Hardware(b)]]);
        switch (HardwareClass.Compare(a, b))
        {
            case HardwareMatch.Same:
                text.Append(Indent).Append("same hardware class\n");
                break;
            case HardwareMatch.Different:
                var parts = HardwareClass.Parse(a) is { } classA && HardwareClass.Parse(b) is { } classB
                    ? string.Join(", ", classA.DifferingParts(classB))
                    : "resumed on other hardware";
                text.Append(Indent).Append("different hardware classes (").Append(parts).Append("): float32 results differ by float noise\n");
                break;
        }
    }

    /// <summary>A run's recorded hardware class as show, compare and the report print it.</summary>
    public static string Hardware(string? recorded) => recorded ?? HardwareClass.Unknown;

    private static void AppendAncestry(StringBuilder text, SharedAncestry ancestry)
    {
        text.Append("\nAncestry\n");
        var common = ancestry.CommonAncestorId is { } id
            ? Entry(ancestry.LineageA.First(e => e.Id == id))
            : "none";
        TextGrid.Append(text, Indent,
        [
            ["common ancestor", common],
            ["A", string.Join(" <- ", ancestry.LineageA.Select(Entry))],
            ["B", string.Join(" <- ", ancestry.LineageB.Select(Entry))],
        ]);
    }

    private static void AppendMetrics(StringBuilder text, IReadOnlyList<MetricDelta> metrics)
    {
        text.Append("\nMetrics (last epoch-level value)\n");
        if (metrics.Count == 0)
        {
            text.Append(Indent).Append("no epoch-level metrics recorded\n");
            return;
        }

        var rows = new List<IReadOnlyList<string>> { new[] { "metric", "A", "B", "B-A" } };
        rows.AddRange(metrics.Select(m => (IReadOnlyList<string>)[m.Name, Number(m.A), Number(m.B), Signed(m.Delta)]));
        TextGrid.Append(text, Indent, rows);
    }

    // Only runs that evaluated subnets get the section, so comparisons of full-network runs read as before.
    private static void AppendSubnets(StringBuilder text, IReadOnlyList<MetricDelta> subnets)
    {
        if (subnets.Count == 0)
        {
            return;
        }

        text.Append("\nSubnets (evaluations of the final model)\n");
        var rows = new List<IReadOnlyList<string>> { new[] { "subnet", "A", "B", "B-A" } };
        rows.AddRange(subnets.Select(m => (IReadOnlyList<string>)[m.Name, Number(m.A), Number(m.B), Signed(m.Delta)]));
        TextGrid.Append(text, Indent, rows);
    }

    private static string Entry(LineageEntry entry) =>
        RunIdentity.Short(entry.Id) + " " + (entry.Phase ?? "(not in store)");

    // Parent and dataset are 64-hex strings; their 12-hex prefix is how ids are shown everywhere else.
    internal static string Value(string? json) =>
        json is null ? Absent
        : QuotedHash().IsMatch(json) ? RunIdentity.Short(json[1..^1])
        : json;

    internal static string Number(double? value) =>
        value is { } v ? v.ToString("G6", CultureInfo.InvariantCulture) : Missing;

    // Math.Abs folds -0 into 0, so an unchanged metric prints "+0" rather than "+-0".
    internal static string Signed(double? value) =>
        value is { } v and >= 0 ? "+" + Number(Math.Abs(v)) : Number(value);

    [GeneratedRegex("^\"[0-9a-f]{64}\"\\z", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedHash();
}
