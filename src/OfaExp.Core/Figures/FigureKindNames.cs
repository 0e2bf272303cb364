using OfaExp.Core.Spec;

namespace OfaExp.Core.Figures;

/// <summary>The YAML spelling of each <see cref="FigureKind"/> (figures: kind).</summary>
public static class FigureKindNames
{
    public static Spelling<FigureKind> Spelling { get; } = new(kind => kind switch
    {
        FigureKind.Bars => "bars",
        FigureKind.Scatter => "scatter",
        FigureKind.Lines => "lines",
    });
}
