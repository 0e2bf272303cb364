namespace OfaExp.Reports.Figures;

/// <summary>
/// Everything a figure shows, extracted from recorded runs and nothing else: rendering is a pure layout step over
/// this record, so two renderings of equal data are equal.
/// </summary>
/// <param name="Categories">bars: the x groups in axis order; empty for other kinds.</param>
/// <param name="Phases">lines: where each phase starts, when every curve has the same phase boundaries.</param>
/// <param name="Error">bars: the error bars drawn (none for other kinds).</param>
public sealed record FigureData(
    string Name,
    Core.Figures.FigureKind Kind,
    string Title,
    string XLabel,
    string YLabel,
    IReadOnlyList<string> Categories,
    IReadOnlyList<FigureSeries> Series,
    IReadOnlyList<PhaseMark> Phases,
    Core.Figures.FigureErrorKind Error)
{
    /// <summary>scatter with <c>reference</c>: what the reference markers show (the expression), for the legend; empty otherwise.</summary>
    public string ReferenceLabel { get; init; } = "";
}
