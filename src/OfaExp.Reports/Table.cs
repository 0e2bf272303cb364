namespace OfaExp.Reports;

/// <summary>
/// A built table: the header (row keys, then value columns) and its rows in their final, sorted order.
/// Every cell is already text, so rendering is a pure layout step.
/// </summary>
public sealed record Table(string Name, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);
