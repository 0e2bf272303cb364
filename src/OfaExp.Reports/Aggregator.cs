namespace OfaExp.Reports;

/// <summary>How a value column reduces a metric series to one number.</summary>
internal enum Aggregator
{
    Last,
    First,
    Max,
    Min,
    Mean,
    Count,
}
