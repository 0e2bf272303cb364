using System.Globalization;
using System.Text.RegularExpressions;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>A parsed value-column expression: <c>[number *] agg(metric)</c> or <c>[number *] agg(metric@step)</c>.</summary>
internal sealed partial record ValueExpression(double? Scale, Aggregator Aggregator, string Metric, bool PerStep)
{
    public const string Grammar =
        "'[<number> *] <agg>(<metric>)' over epoch-level metrics or '[<number> *] <agg>(<metric>@step)' over "
        + "per-step metrics, with <agg> one of last, first, max, min, mean, count (e.g. '100 * max(val_top1)')";

    private static readonly IReadOnlyDictionary<string, Aggregator> Aggregators =
        new Dictionary<string, Aggregator>(StringComparer.Ordinal)
        {
            ["last"] = Aggregator.Last,
            ["first"] = Aggregator.First,
            ["max"] = Aggregator.Max,
            ["min"] = Aggregator.Min,
            ["mean"] = Aggregator.Mean,
            ["count"] = Aggregator.Count,
        };

    public static ValueExpression Parse(string table, TableValueSpec column)
    {
        var match = Syntax().Match(column.Expression);
        if (!match.Success)
        {
            throw Error(table, column, "malformed expression");
        }

        var name = match.Groups["agg"].Value;
        if (!Aggregators.TryGetValue(name, out var aggregator))
        {
            throw Error(table, column, $"unknown aggregator '{name}'");
        }

        var at = match.Groups["at"];
        if (at.Success && at.Value != "step")
        {
            throw Error(table, column, $"unknown series '@{at.Value}' (only '@step' is supported)");
        }

        double? scale = null;
        if (match.Groups["scale"].Success)
        {
            var value = double.Parse(match.Groups["scale"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(value))
            {
                throw Error(table, column, "the scale factor is out of range");
            }

            // A count is an integer by definition; a scaled count would need a format of its own.
            if (aggregator == Aggregator.Count)
            {
                throw Error(table, column, "count() cannot be scaled");
            }

            scale = value;
        }

        return new ValueExpression(scale, aggregator, match.Groups["metric"].Value, at.Success);
    }

    /// <summary>The aggregate over the run's series, or null when the run recorded no such metric.</summary>
    public double? Evaluate(RecordedRun run)
    {
        var series = PerStep ? MetricSeries.Steps(run, Metric) : MetricSeries.Epochs(run, Metric);
        if (series.Count == 0)
        {
            return null;
        }

        var value = Aggregator switch
        {
            Aggregator.Last => series[^1],
            Aggregator.First => series[0],
            Aggregator.Max => series.Max(),
            Aggregator.Min => series.Min(),
            Aggregator.Mean => Sum(series) / series.Count,
            Aggregator.Count => series.Count,
            _ => throw new InvalidOperationException($"Aggregator {Aggregator} has no evaluation."),
        };
        return Scale is { } scale ? scale * value : value;
    }

    // An explicit left-to-right sum: the order is the series order, so the result is bit-for-bit reproducible.
    private static double Sum(IReadOnlyList<double> series)
    {
        var sum = 0.0;
        foreach (var value in series)
        {
            sum += value;
        }

        return sum;
    }

    private static OfaExpException Error(string table, TableValueSpec column, string problem) =>
        new($"Table '{table}', column '{column.Column}': {problem} in '{column.Expression}'. Expected {Grammar}.");

    [GeneratedRegex(
        @"^\s*(?:(?<scale>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*\*\s*)?"
        + @"(?<agg>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?<metric>[A-Za-z0-9_.:/\-]+)\s*(?:@\s*(?<at>[A-Za-z_]+)\s*)?\)\s*\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
