using System.Globalization;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>A validated value column: its expression, what it reads, and how its number is written.</summary>
internal sealed record TableColumn(TableValueSpec Spec, ValueExpression Expression, bool OverSubnets)
{
    // An empty format still has to give the same text for the same double: shortest round-trip.
    private const string DefaultFormat = "R";

    public static TableColumn Compile(string table, TableValueSpec spec, TableSource source)
    {
        var expression = ValueExpression.Parse(table, spec, source);

        // A count may be averaged (mean_over), so its format is checked too.
        try
        {
            _ = 1234.5678.ToString(FormatOf(spec), CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw TableError.At(
                spec.Location,
                $"Table '{table}', column '{spec.Column}': '{spec.Format}' is not a .NET numeric format string "
                + "(e.g. F2, F4, G6, R).");
        }

        return new TableColumn(spec, expression, source == TableSource.Subnets);
    }

    /// <summary>
    /// The number of one cell: over the run's metrics, or over the cell's subnet evaluations (all of one run) in
    /// recording order. Null when there is nothing to aggregate.
    /// </summary>
    public double? Value(IReadOnlyList<TableItem> items) =>
        OverSubnets
            ? Expression.Evaluate(items.Select(i => i.Evaluation!))
            : Expression.Evaluate(items[0].View.Recorded);

    /// <summary>
    /// The text of a cell's number (empty for null). A count is a whole number, so it is written as one whatever
    /// format the column declares, unless <paramref name="averaged"/> (a mean over runs) made it fractional.
    /// </summary>
    public string Text(double? value, bool averaged = false)
    {
        if (value is not { } v)
        {
            return string.Empty;
        }

        return Expression.Aggregator == Aggregator.Count && !averaged
            ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString(FormatOf(Spec), CultureInfo.InvariantCulture);
    }

    /// <summary>The cell of one row.</summary>
    public string Cell(IReadOnlyList<TableItem> items) => Text(Value(items));

    private static string FormatOf(TableValueSpec spec) =>
        string.IsNullOrWhiteSpace(spec.Format) ? DefaultFormat : spec.Format;
}
