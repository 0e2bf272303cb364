using System.Globalization;

namespace OfaExp.Storage;

/// <summary>
/// One fixed text form for every stored instant: UTC, 7 fractional digits, 'Z'. Fixed width keeps the text
/// ordering equal to the time ordering, so SQL comparisons on these columns stay correct.
/// </summary>
internal static class Timestamps
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(
            text,
            Pattern,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? ParseOptional(string? text) => text is null ? null : Parse(text);
}
