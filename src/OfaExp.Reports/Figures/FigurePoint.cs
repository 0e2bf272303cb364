namespace OfaExp.Reports.Figures;

/// <summary>
/// One plotted value. For bars, <paramref name="X"/> is the group's index in <see cref="FigureData.Categories"/>;
/// <paramref name="Low"/> and <paramref name="High"/> bound the error bar (null: none), and
/// <paramref name="Count"/> is how many values were averaged.
/// </summary>
public sealed record FigurePoint(double X, double Y, double? Low = null, double? High = null, int Count = 1);
