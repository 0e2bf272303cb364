using System.Text.RegularExpressions;
using OfaExp.Core.Errors;

namespace OfaExp.Reports;

/// <summary>A table's <c>where:</c> filter: one comparison <c>key == value</c> or <c>key != value</c>.</summary>
internal sealed partial record WhereFilter(string Key, bool Equal, string Value)
{
    public const string Grammar =
        "'<key> == <value>' or '<key> != <value>' (one comparison; quote a value that contains spaces, "
        + "e.g. phase == full or data.dataset != \"fashion-mnist\"), where <key> is " + RowKeys.Description;

    public static WhereFilter Parse(string table, string text, string source = Core.Tables.TableSpec.MetricsSource, Core.Config.SourceLocation? location = null)
    {
        var match = Syntax().Match(text);
        if (!match.Success)
        {
            throw Error(table, text, "is not a supported filter", location);
        }

        var key = match.Groups["key"].Value;
        if (!RowKeys.IsValid(key))
        {
            throw Error(table, text, $"names an invalid key '{key}'", location);
        }

        if (RowKeys.IsMisplaced(key, source))
        {
            throw Error(table, text, $"names '{key}', a key of subnet evaluations, in a table without 'source: subnets'", location);
        }

        var value = match.Groups["double"].Success ? match.Groups["double"].Value
            : match.Groups["single"].Success ? match.Groups["single"].Value
            : match.Groups["bare"].Value;
        return new WhereFilter(key, match.Groups["op"].Value == "==", value);
    }

    public bool Matches(TableItem item) => CellEquals(item.Key(Key), Value) == Equal;

    // Numbers compare by value so that 'phases.full.lr == 0.10' selects runs recorded with 0.1.
    private static bool CellEquals(string cell, string value) =>
        InvariantNumber.TryParse(cell, out var a) && InvariantNumber.TryParse(value, out var b)
            ? a.Equals(b)
            : string.Equals(cell, value, StringComparison.Ordinal);

    private static OfaExpException Error(string table, string text, string problem, Core.Config.SourceLocation? location) =>
        TableError.At(location, $"Table '{table}': where '{text}' {problem}. Expected {Grammar}.");

    // A bare value may not contain spaces or operator characters, so 'a == 1 and b == 2' is rejected, not misread.
    [GeneratedRegex(
        @"^\s*(?<key>[^\s=!<>&|""']+)\s*(?<op>==|!=)\s*"
        + @"(?:""(?<double>[^""]*)""|'(?<single>[^']*)'|(?<bare>[^\s=!<>&|""']+))\s*\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
