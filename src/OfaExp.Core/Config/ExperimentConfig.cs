using OfaExp.Core.Figures;
using OfaExp.Core.Sweeps;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Config;

/// <summary>An experiment's validated configuration before sweep expansion.</summary>
public sealed record ExperimentConfig(ResolvedConfig Base, SweepSpec Sweep, IReadOnlyList<TableSpec> Tables)
{
    /// <summary>The declared figures; they never reach a run's identity, so they are not part of the spec.</summary>
    public IReadOnlyList<FigureSpec> Figures { get; init; } = [];
}
