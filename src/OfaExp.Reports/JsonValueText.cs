using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OfaExp.Reports;

/// <summary>
/// Text forms of config values. Numbers are re-rendered in their shortest round-trip form so that the same value
/// always prints the same way, whatever exponent or trailing zeros the recorded JSON happened to use.
/// </summary>
/// <remarks>
/// The canonical identity JSON writes a float 3 as <c>3.0</c> so that it hashes apart from the integer 3. A table cell
/// shows both as <c>3</c>; the compact form keeps the <c>.0</c>, because a diff must show why two run ids differ.
/// </remarks>
internal static class JsonValueText
{
    // Readable output for config strings (no \u002B for '+'); the text goes to CSV and the terminal, never to HTML.
    private static readonly JsonSerializerOptions StringOptions =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A table cell: strings bare, null empty, arrays and objects compact JSON.</summary>
    public static string Cell(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.Number => Number(value.GetRawText(), markFloat: false),
        _ => Compact(value),
    };

    /// <summary>Compact JSON that keeps the type visible (strings quoted), for config diffs.</summary>
    public static string Compact(JsonElement value)
    {
        var text = new StringBuilder();
        Append(text, value);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                text.Append(JsonSerializer.Serialize(value.GetString(), StringOptions));
                break;
            case JsonValueKind.Number:
                text.Append(Number(value.GetRawText(), markFloat: true));
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var firstItem = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!firstItem)
                    {
                        text.Append(',');
                    }

                    Append(text, item);
                    firstItem = false;
                }

                text.Append(']');
                break;
            case JsonValueKind.Object:
                text.Append('{');
                var firstProperty = true;
                foreach (var property in value.EnumerateObject())
                {
                    if (!firstProperty)
                    {
                        text.Append(',');
                    }

                    text.Append(JsonSerializer.Serialize(property.Name, StringOptions)).Append(':');
                    Append(text, property.Value);
                    firstProperty = false;
                }

                text.Append('}');
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static string Number(string raw, bool markFloat)
    {
        // Integers stay exact beyond 2^53 (e.g. large seeds) instead of going through double.
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0
            && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer.ToString(CultureInfo.InvariantCulture);
        }

        var text = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)
            .ToString("R", CultureInfo.InvariantCulture);
        return markFloat && text.IndexOfAny(['.', 'E']) < 0 ? text + ".0" : text;
    }
}
