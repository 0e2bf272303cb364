using OfaExp.Core.Config;

namespace OfaExp.Core.Sweeps;

/// <summary>One grid point: its 0-based index in grid order and the values it sets.</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<SweepAssignment> Assignments)
{
    /// <summary>A short human label like "phases.full.lr=0.1,seed=1" ("base" for an unswept experiment).</summary>
    public string Label => Assignments.Count == 0
        ? "base"
        : string.Join(",", Assignments.Select(a => $"{a.Path}={Hashing.CanonicalJson.Write(a.Value)}"));
}
