using OfaExp.Core.Config;

namespace OfaExp.Core.Tables;

/// <summary>
/// One value column: <paramref name="Expression"/> is <c>agg(x)</c> with agg one of last, first, max, min, mean,
/// count, optionally multiplied by a constant before it and/or divided by one after it
/// (<c>100 * last(val_top1)</c>, <c>max(flops) / 1e6</c>); x is a metric name, or an evaluation field in a
/// subnets table. <paramref name="Format"/> is a .NET numeric format string applied with the invariant culture
/// (e.g. <c>F2</c>).
/// </summary>
/// <param name="Location">Where the column is declared, for error messages; null for tables built in code.</param>
public sealed record TableValueSpec(string Column, string Expression, string Format, SourceLocation? Location = null);
