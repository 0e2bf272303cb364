namespace OfaExp.Reports.Figures;

/// <summary>
/// One legend entry: its points in drawing order, for a scatter with <c>pareto</c> its front, and for a scatter with
/// <c>reference</c> the reference value at each point's x (<see cref="Reference"/>, drawn with its own marker).
/// </summary>
public sealed record FigureSeries(string Label, IReadOnlyList<FigurePoint> Points, IReadOnlyList<FigurePoint> Front)
{
    public IReadOnlyList<FigurePoint> Reference { get; init; } = [];
}
