namespace OfaExp.Reports.Figures;

/// <summary>One legend entry: its points in drawing order, and for a scatter with <c>pareto</c> its front.</summary>
public sealed record FigureSeries(string Label, IReadOnlyList<FigurePoint> Points, IReadOnlyList<FigurePoint> Front);
