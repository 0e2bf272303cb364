using OfaExp.Core.Config;

namespace OfaExp.Core.Sweeps;

/// <summary>
/// One dimension of the grid. A plain axis sets one path; a zip group sets several paths that vary together, so
/// <see cref="Rows"/>[i] holds one value per path in <see cref="Paths"/> order.
/// </summary>
public sealed record SweepAxis(IReadOnlyList<string> Paths, IReadOnlyList<IReadOnlyList<SweepAssignment>> Rows);
