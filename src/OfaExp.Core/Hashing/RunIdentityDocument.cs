using System.Text;
using System.Text.Json;

namespace OfaExp.Core.Hashing;

/// <summary>
/// What a run id hashes, and the one place that knows its JSON shape: <see cref="RunIdentity"/> writes it, the store
/// keeps its JSON, and reports, <c>show</c> and <c>compare</c> read it back with <see cref="Parse"/>. Values are held
/// as their canonical JSON text, so a parsed document writes back to the same bytes and so to the same id.
/// </summary>
/// <param name="Fields">
/// The top-level fields other than the inputs (dataset, device, engine, parent, phase and, for distilling runs,
/// teacher), name to canonical JSON text. A document recorded by an older engine may hold others: they are kept.
/// </param>
/// <param name="Inputs">The config values the run's phase reads, config path to canonical JSON text.</param>
public sealed record RunIdentityDocument(IReadOnlyDictionary<string, string> Fields, IReadOnlyDictionary<string, string> Inputs)
{
    private const string InputsKey = "inputs";

    /// <summary>The run's id: the SHA-256 of <see cref="ToJson"/>.</summary>
    public string Id => RunIdentity.Sha256Hex(ToJson());

    /// <summary>The run whose weights this run starts from, or null.</summary>
    public string? Parent => Text("parent");

    /// <summary>The run a distilling run learns from, or null.</summary>
    public string? Teacher => Text("teacher");

    /// <summary>The identity's canonical JSON: keys sorted ordinally, no whitespace (see <see cref="CanonicalJson"/>).</summary>
    public string ToJson() => Map(Fields.Append(new(InputsKey, Map(Inputs))));

    /// <summary>Builds a document from config values (int, double, bool, string, lists), as the planner resolves them.</summary>
    public static RunIdentityDocument Create(IReadOnlyDictionary<string, object?> fields, IReadOnlyDictionary<string, object> inputs)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(inputs);
        return new RunIdentityDocument(
            fields.ToDictionary(kv => kv.Key, kv => CanonicalJson.Write(kv.Value), StringComparer.Ordinal),
            inputs.ToDictionary(kv => kv.Key, kv => CanonicalJson.Write(kv.Value), StringComparer.Ordinal));
    }

    /// <summary>Reads a recorded or planned identity back.</summary>
    /// <exception cref="FormatException">Not a JSON object with an <c>inputs</c> object.</exception>
    public static RunIdentityDocument Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("not a JSON object");
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            Dictionary<string, string>? inputs = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Name != InputsKey)
                {
                    fields[property.Name] = property.Value.GetRawText();
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("malformed ('inputs' is not an object)");
                }

                inputs = property.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
            }

            return new RunIdentityDocument(fields, inputs ?? throw new FormatException("missing its 'inputs' object"));
        }
    }

    private string? Text(string field)
    {
        if (!Fields.TryGetValue(field, out var json))
        {
            return null;
        }

        using var value = JsonDocument.Parse(json);
        return value.RootElement.ValueKind == JsonValueKind.String ? value.RootElement.GetString() : null;
    }

    // A map whose values are canonical JSON already: written as CanonicalJson writes a map.
    private static string Map(IEnumerable<KeyValuePair<string, string>> values)
    {
        var sb = new StringBuilder();
        sb.Append('{');
        var first = true;
        foreach (var (key, json) in values.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!first)
            {
                sb.Append(',');
            }

            first = false;
            CanonicalJson.Append(sb, key);
            sb.Append(':').Append(json);
        }

        return sb.Append('}').ToString();
    }
}
