using System.Globalization;
using System.Text;

namespace OfaExp.Core.Hashing;

/// <summary>
/// The one JSON form that run ids hash: object keys sorted ordinally, no whitespace, shortest round-trip numbers,
/// invariant culture. Accepts the config value types (int, long, double, bool, string, arrays, string-keyed maps).
/// </summary>
public static class CanonicalJson
{
    public static string Write(object? value)
    {
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                AppendDouble(sb, d);
                break;
            case string s:
                AppendString(sb, s);
                break;
            case IEnumerable<KeyValuePair<string, object?>> map:
                AppendMap(sb, map);
                break;
            case IEnumerable<KeyValuePair<string, string>> map:
                AppendMap(sb, map.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value)));
                break;
            case System.Collections.IEnumerable list:
                sb.Append('[');
                bool first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    Append(sb, item);
                }

                sb.Append(']');
                break;
            default:
                throw new ArgumentException($"CanonicalJson cannot write a {value.GetType().Name}.", nameof(value));
        }
    }

    private static void AppendMap(StringBuilder sb, IEnumerable<KeyValuePair<string, object?>> map)
    {
        sb.Append('{');
        bool first = true;
        foreach (var kv in map.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            AppendString(sb, kv.Key);
            sb.Append(':');
            Append(sb, kv.Value);
        }

        sb.Append('}');
    }

    private static void AppendDouble(StringBuilder sb, double d)
    {
        if (!double.IsFinite(d))
        {
            throw new ArgumentException("Non-finite numbers have no canonical JSON form.", nameof(d));
        }

        // "R" gives the shortest string that round-trips, so 0.1 and 1e-1 in YAML hash the same.
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        sb.Append(text.Contains('E', StringComparison.Ordinal) || text.Contains('.', StringComparison.Ordinal) ? text : text + ".0");
    }

    private static void AppendString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
