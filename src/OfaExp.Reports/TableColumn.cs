using System.Globalization;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>A validated value column: its expression and how its number is written.</summary>
internal sealed record TableColumn(TableValueSpec Spec, ValueExpression Expression)
{
    // An empty format still has to give the same text for the same double: shortest round-trip.
    private const string DefaultFormat = "R";

    public static TableColumn Compile(string table, TableValueSpec spec)
    {
        var expression = ValueExpression.Parse(table, spec);
        if (expression.Aggregator != Aggregator.Count)
        {
            try
            {
                _ = 1234.5678.ToString(FormatOf(spec), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw new OfaExpException(
                    $"Table '{table}', column '{spec.Column}': '{spec.Format}' is not a .NET numeric format string "
                    + "(e.g. F2, F4, G6, R).");
            }
        }

        return new TableColumn(spec, expression);
    }

    /// <summary>The cell text; empty when the run recorded no such metric.</summary>
    public string Cell(RecordedRun run)
    {
        if (Expression.Evaluate(run) is not { } value)
        {
            return string.Empty;
        }

        // A count is a whole number, so it is written as one whatever format the column declares.
        return Expression.Aggregator == Aggregator.Count
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : value.ToString(FormatOf(Spec), CultureInfo.InvariantCulture);
    }

    private static string FormatOf(TableValueSpec spec) =>
        string.IsNullOrWhiteSpace(spec.Format) ? DefaultFormat : spec.Format;
}
