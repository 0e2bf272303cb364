namespace OfaExp.Reports;

/// <summary>
/// Where two runs' parent chains meet. Each lineage starts at the run itself and walks parents up to the first phase
/// (or to a parent missing from the store). The nearest common ancestor may be one of the two runs itself, when one
/// descends from the other; it is null when the chains never meet.
/// </summary>
public sealed record SharedAncestry(
    string? CommonAncestorId,
    IReadOnlyList<LineageEntry> LineageA,
    IReadOnlyList<LineageEntry> LineageB);
