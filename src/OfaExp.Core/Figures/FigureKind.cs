namespace OfaExp.Core.Figures;

/// <summary>How a figure draws its data (<c>kind:</c>).</summary>
public enum FigureKind
{
    /// <summary>Grouped bars, with error bars when values are averaged.</summary>
    Bars,

    /// <summary>One point per item, optionally with each series' Pareto front.</summary>
    Scatter,

    /// <summary>Learning curves over a lineage's phases end to end.</summary>
    Lines,
}
