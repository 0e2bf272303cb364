using OfaExp.Core.Spec;

namespace OfaExp.Core.Figures;

/// <summary>The YAML spelling of each <see cref="FigureErrorKind"/> (figures: error).</summary>
public static class FigureErrorKindNames
{
    public static Spelling<FigureErrorKind> Spelling { get; } = new(kind => kind switch
    {
        FigureErrorKind.Std => "std",
        FigureErrorKind.MinMax => "minmax",
        FigureErrorKind.None => "none",
    });
}
