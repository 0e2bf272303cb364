using System.Globalization;

namespace OfaExp.Reports;

/// <summary>Number parsing that never depends on the current culture, shared by sorting and filtering.</summary>
internal static class InvariantNumber
{
    // Whitespace is not allowed so that " 2" stays text and cannot tie with "2" in a row key.
    private const NumberStyles Styles =
        NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static bool TryParse(string text, out double value) =>
        double.TryParse(text, Styles, CultureInfo.InvariantCulture, out value);
}
