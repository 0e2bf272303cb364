namespace OfaExp.Core.Planning;

/// <summary>A sweep point of an experiment and the run ids of its phases, in pipeline order.</summary>
/// <param name="SettingsJson">
/// Canonical JSON of the point's resolved identity-relevant settings (every config path with its value, including
/// keys no phase hashes, such as teacher.selection): what tables read for a key a run of the lineage did not read.
/// </param>
public sealed record PlannedPoint(string Experiment, int Index, string Label, string PointJson, IReadOnlyList<string> RunIds, string? SettingsJson = null)
{
    /// <summary>Pipeline phases left out of this point's graph because they do not apply to its supernet.</summary>
    public IReadOnlyList<string> DroppedPhases { get; init; } = [];
}
