using System.Text.RegularExpressions;
using OfaExp.Core.Errors;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>
/// A table's <c>where:</c> filter: one or more comparisons joined by <c>and</c>, each <c>key == value</c>,
/// <c>key != value</c>, <c>key in [v1, v2]</c>, <c>key not in [v1, v2]</c>, <c>key ~ glob</c> or <c>key !~ glob</c>
/// (glob: <c>*</c> any text, <c>?</c> one character, matched against the whole cell).
/// </summary>
internal sealed partial record WhereFilter(IReadOnlyList<WhereClause> Clauses)
{
    public const string Grammar =
        "'<key> == <value>' or '<key> != <value>', '<key> in [<value>, ...]' or '<key> not in [<value>, ...]', "
        + "'<key> ~ <glob>' or '<key> !~ <glob>' (* matches any text, ? one character), several joined with 'and' "
        + "(quote a value that contains spaces, e.g. phase == full, subnet in [exit1, exit2] and final == true, "
        + "or data.dataset != \"fashion-mnist\"), where <key> is " + RowKeys.Description;

    public static WhereFilter Parse(string table, string text, Core.Tables.TableSource source = Core.Tables.TableSource.Metrics, Core.Config.SourceLocation? location = null)
    {
        var clauses = new List<WhereClause>();
        var at = 0;
        while (true)
        {
            var match = Clause().Match(text, at);
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

            // The regex admits exactly the spellings, so Parse cannot fail; 'not   in' is spelled 'not in'.
            var op = WhereOperatorNames.Spelling.Parse(Regex.Replace(match.Groups["op"].Value, @"\s+", " "));
            var values = match.Groups["v"].Captures.Select(c => c.Value).ToList();
            clauses.Add(new WhereClause(key, op, values));

            at = match.Index + match.Length;
            if (End().IsMatch(text[at..]))
            {
                return new WhereFilter(clauses);
            }

            var and = And().Match(text, at);
            if (!and.Success)
            {
                throw Error(table, text, "is not a supported filter", location);
            }

            at = and.Index + and.Length;
        }
    }

    public bool Matches(TableItem item) => Clauses.All(c => c.Matches(item.Key(c.Key)));

    private static OfaExpException Error(string table, string text, string problem, Core.Config.SourceLocation? location) =>
        TableError.At(location, $"Table '{table}': where '{text}' {problem}. Expected {Grammar}.");

    // A bare value may not contain spaces, operator characters, brackets or commas, so 'a == 1 && b == 2' is
    // rejected, not misread. One group name 'v' for the three value forms keeps list items in order.
    private const string Value = @"(?:""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s=!<>&|""'~\[\],]+))";

    [GeneratedRegex(
        @"\G\s*(?<key>[^\s=!<>&|""'~\[\],]+)\s*(?:(?<op>==|!=|!~|~)\s*" + Value
        + @"|(?<=\s)(?<op>not\s+in|in)\s*\[\s*" + Value + @"(?:\s*,\s*" + Value + @")*\s*\])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Clause();

    [GeneratedRegex(@"\G\s+and\s+", RegexOptions.CultureInvariant)]
    private static partial Regex And();

    [GeneratedRegex(@"^\s*\z", RegexOptions.CultureInvariant)]
    private static partial Regex End();
}

/// <summary>One comparison of a where filter.</summary>
internal sealed record WhereClause(string Key, WhereOperator Op, IReadOnlyList<string> Values)
{
    private readonly IReadOnlyList<Regex> globs = Op is WhereOperator.Matches or WhereOperator.NotMatches
        ? Values.Select(v => new Regex("^" + Regex.Escape(v).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + @"\z", RegexOptions.CultureInvariant | RegexOptions.Singleline)).ToList()
        : [];

    public bool Matches(string cell) => Op switch
    {
        WhereOperator.Equal or WhereOperator.In => Values.Any(v => CellEquals(cell, v)),
        WhereOperator.NotEqual or WhereOperator.NotIn => !Values.Any(v => CellEquals(cell, v)),
        WhereOperator.Matches => globs.Any(g => g.IsMatch(cell)),
        WhereOperator.NotMatches => !globs.Any(g => g.IsMatch(cell)),
    };

    // Numbers compare by value so that 'phases.full.lr == 0.10' selects runs recorded with 0.1.
    private static bool CellEquals(string cell, string value) =>
        InvariantNumber.TryParse(cell, out var a) && InvariantNumber.TryParse(value, out var b)
            ? a.Equals(b)
            : string.Equals(cell, value, StringComparison.Ordinal);
}
