namespace OfaExp.Core.Tables;

/// <summary>
/// One value column: <paramref name="Expression"/> is <c>agg(metric)</c> with agg one of last, first, max, min,
/// mean, count, optionally multiplied by a constant (<c>100 * last(val_top1)</c>); <paramref name="Format"/> is a
/// .NET numeric format string applied with the invariant culture (e.g. <c>F2</c>).
/// </summary>
public sealed record TableValueSpec(string Column, string Expression, string Format);
