namespace OfaExp.Storage;

/// <summary>One point of an experiment's sweep grid and the run of its last phase.</summary>
/// <param name="PointJson">Canonical JSON of the point's swept values.</param>
public sealed record SweepPoint(string Experiment, int Index, string PointJson, string LeafRunId);
