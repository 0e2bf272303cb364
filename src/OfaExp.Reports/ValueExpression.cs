using System.Globalization;
using System.Text.RegularExpressions;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>
/// A parsed value-column expression: <c>[number *] agg(x) [/ number]</c>, where x is an epoch-level metric,
/// <c>metric@step</c> for a per-step one, or (in a subnets table) an evaluation field.
/// </summary>
internal sealed partial record ValueExpression(double? Scale, Aggregator Aggregator, string Metric, bool PerStep, double? Divisor)
{
    public const string Grammar =
        "'[<number> *] <agg>(<metric>) [/ <number>]' over epoch-level metrics or '[<number> *] <agg>(<metric>@step)' "
        + "over per-step metrics, with <agg> one of last, first, max, min, mean, count (e.g. '100 * max(val_top1)')";

    public const string SubnetGrammar =
        "'[<number> *] <agg>(<field>) [/ <number>]' with <agg> one of last, first, max, min, mean, count and <field> "
        + "one of top1, top5, loss, test_top1, test_top5, flops, params, latency, predicted_top1, predicted_cost (e.g. 'max(top1)', 'mean(flops) / 1e6')";

    /// <summary>The evaluation fields a subnets table aggregates; latency is absent where none was measured.</summary>
    public static IReadOnlyDictionary<string, Func<SubnetEvaluation, double?>> SubnetFields { get; } =
        new Dictionary<string, Func<SubnetEvaluation, double?>>(StringComparer.Ordinal)
        {
            ["top1"] = e => e.Top1,
            ["top5"] = e => e.Top5,
            ["loss"] = e => e.Loss,
            ["test_top1"] = e => e.TestTop1,
            ["test_top5"] = e => e.TestTop5,
            ["flops"] = e => e.Flops,
            ["params"] = e => e.Params,
            ["latency"] = e => e.LatencyMs,
            ["predicted_top1"] = e => e.PredictedTop1,
            ["predicted_cost"] = e => e.PredictedCost,
        };

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

    public static ValueExpression Parse(string table, TableValueSpec column, TableSource source = TableSource.Metrics)
    {
        var subnets = source == TableSource.Subnets;
        var match = Syntax().Match(column.Expression);
        if (!match.Success)
        {
            throw Error(table, column, "malformed expression", subnets);
        }

        var name = match.Groups["agg"].Value;
        if (!Aggregators.TryGetValue(name, out var aggregator))
        {
            throw Error(table, column, $"unknown aggregator '{name}'", subnets);
        }

        var at = match.Groups["at"];
        if (at.Success && (subnets || at.Value != "step"))
        {
            throw Error(table, column, subnets ? $"'@{at.Value}' has no meaning for subnet evaluations" : $"unknown series '@{at.Value}' (only '@step' is supported)", subnets);
        }

        var metric = match.Groups["metric"].Value;
        if (subnets && !SubnetFields.ContainsKey(metric))
        {
            throw Error(table, column, $"unknown evaluation field '{metric}'", subnets);
        }

        var scale = Number(table, column, match.Groups["scale"], "scale factor", subnets);
        var divisor = Number(table, column, match.Groups["div"], "divisor", subnets);
        if (divisor == 0)
        {
            throw Error(table, column, "division by zero", subnets);
        }

        // A count is an integer by definition; a scaled count would need a format of its own.
        if (aggregator == Aggregator.Count && (scale is not null || divisor is not null))
        {
            throw Error(table, column, "count() cannot be scaled", subnets);
        }

        return new ValueExpression(scale, aggregator, metric, at.Success, divisor);
    }

    /// <summary>The aggregate over a run's series of <see cref="Metric"/>, or null when the run recorded none.</summary>
    public double? Evaluate(RecordedRun run) =>
        Evaluate(PerStep ? MetricSeries.Steps(run, Metric) : MetricSeries.Epochs(run, Metric));

    /// <summary>The aggregate over evaluations in recording order, or null when none has the field.</summary>
    public double? Evaluate(IEnumerable<SubnetEvaluation> evaluations)
    {
        var field = SubnetFields[Metric];
        return Evaluate(evaluations.Select(field).OfType<double>().ToList());
    }

    private double? Evaluate(IReadOnlyList<double> series)
    {
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

        return Scaled(value);
    }

    /// <summary>
    /// A number with the expression's scale and divisor applied, exactly as written (multiply, then divide), so
    /// 'x / 1e6' gives the bits a reader expects; figures apply it to each point of a series.
    /// </summary>
    public double Scaled(double value)
    {
        var scaled = Scale is { } scale ? scale * value : value;
        return Divisor is { } divisor ? scaled / divisor : scaled;
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

    private static double? Number(string table, TableValueSpec column, Group group, string what, bool subnets)
    {
        if (!group.Success)
        {
            return null;
        }

        var value = double.Parse(group.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? value : throw Error(table, column, $"the {what} is out of range", subnets);
    }

    private static OfaExpException Error(string table, TableValueSpec column, string problem, bool subnets) =>
        TableError.At(column.Location, $"Table '{table}', column '{column.Column}': {problem} in '{column.Expression}'. Expected {(subnets ? SubnetGrammar : Grammar)}.");

    [GeneratedRegex(
        @"^\s*(?:(?<scale>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*\*\s*)?"
        + @"(?<agg>[A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?<metric>[A-Za-z0-9_.:/\-]+)\s*(?:@\s*(?<at>[A-Za-z_]+)\s*)?\)"
        + @"(?:\s*/\s*(?<div>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?))?\s*\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Syntax();
}
