namespace OfaExp.Reports;

/// <summary>One run on a parent chain; <paramref name="Phase"/> is null when the id is not in the store.</summary>
public sealed record LineageEntry(string Id, string? Phase);
