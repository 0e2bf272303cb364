namespace OfaExp.Reports;

/// <summary>The last epoch-level value of one metric in runs A and B (null where a run did not record it).</summary>
public sealed record MetricDelta(string Name, double? A, double? B)
{
    /// <summary>B − A, or null unless both runs recorded the metric.</summary>
    public double? Delta => B - A;
}
