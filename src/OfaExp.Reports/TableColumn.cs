using System.Globalization;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>A validated value column: its expression, what it reads, and how its number is written.</summary>
internal sealed record TableColumn(TableValueSpec Spec, ValueExpression Expression, bool OverSubnets)
{
    // An empty format still has to give the same text for the same double: shortest round-trip.
    private const string DefaultFormat = "R";

    public static TableColumn Compile(string table, TableValueSpec spec, string source)
    {
        var expression = ValueExpression.Parse(table, spec, source);
        if (expression.Aggregator != Aggregator.Count)
        {
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
        }

        return new TableColumn(spec, expression, source == TableSpec.SubnetsSource);
    }

    /// <summary>
    /// The cell of one row: over the run's metrics, or over the row's subnet evaluations (all of one run) in
    /// recording order. Empty when there is nothing to aggregate.
    /// </summary>
    public string Cell(IReadOnlyList<TableItem> items)
    {
        var value = OverSubnets
            ? Expression.Evaluate(items.Select(i => i.Evaluation!))
            : Expression.Evaluate(items[0].View.Recorded);
        if (value is not { } v)
        {
            return string.Empty;
        }

        // A count is a whole number, so it is written as one whatever format the column declares.
        return Expression.Aggregator == Aggregator.Count
            ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : v.ToString(FormatOf(Spec), CultureInfo.InvariantCulture);
    }

    private static string FormatOf(TableValueSpec spec) =>
        string.IsNullOrWhiteSpace(spec.Format) ? DefaultFormat : spec.Format;
}
