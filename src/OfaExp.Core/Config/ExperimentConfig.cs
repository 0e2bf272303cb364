using OfaExp.Core.Sweeps;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Config;

/// <summary>An experiment's validated configuration before sweep expansion.</summary>
public sealed record ExperimentConfig(ResolvedConfig Base, SweepSpec Sweep, IReadOnlyList<TableSpec> Tables);
