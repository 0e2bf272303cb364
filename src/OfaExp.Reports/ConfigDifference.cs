namespace OfaExp.Reports;

/// <summary>
/// One key whose value differs between two runs' identity JSON. Values are compact JSON (strings quoted, numbers in
/// shortest round-trip form) so that a type change such as <c>3</c> versus <c>"3"</c> stays visible; null means absent.
/// </summary>
public sealed record ConfigDifference(string Key, ConfigDifferenceKind Kind, string? A, string? B);
