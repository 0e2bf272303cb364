namespace OfaExp.Core.Figures;

/// <summary>How the error bars of a bars figure with <c>mean_over</c> spread (<c>error:</c>).</summary>
public enum FigureErrorKind
{
    /// <summary>Mean plus and minus the sample standard deviation (n - 1) of the averaged values.</summary>
    Std,

    /// <summary>From the smallest to the largest averaged value.</summary>
    MinMax,

    /// <summary>No error bars.</summary>
    None,
}
