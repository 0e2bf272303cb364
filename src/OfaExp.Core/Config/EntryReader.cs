using OfaExp.Core.Config.Schema;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Config;

/// <summary>
/// Reads one table or figure entry by its <see cref="EntrySchema"/>: unknown keys get a did-you-mean, a value of the
/// wrong shape "&lt;path&gt;: expected ..." at its line. Each read returns null (or the fallback) when the key is
/// absent or wrong, so a binder goes on and reports every problem of the entry at once.
/// </summary>
internal sealed class EntryReader(string at, ConfigMap entry, EntrySchema schema, List<ConfigDiagnostic> diagnostics)
{
    public ConfigMap Entry => entry;

    public ConfigEntry? Find(string key) => entry.Find(Declared(key).Name);

    public void CheckUnknownKeys()
    {
        foreach (var unknown in entry.Entries.Where(e => !schema.Names.Contains(e.Key)))
        {
            var hint = Suggestions.Closest(unknown.Key, schema.Names);
            diagnostics.Add(new ConfigDiagnostic(unknown.KeyLocation, $"{at}: unknown key '{unknown.Key}'. {(hint is null ? $"Known keys: {string.Join(", ", schema.Names)}." : $"Did you mean '{hint}'?")}"));
        }
    }

    public ConfigScalar? Scalar(string key) => Shaped(key, Declared(key).Expected, e => e.Value is ConfigScalar { IsNull: false } s ? s : null);

    public string? Text(string key) => Scalar(key)?.Text;

    /// <summary>A choice key's member; <paramref name="fallback"/> when absent or wrong.</summary>
    public T Choice<T>(string key, Spelling<T> spelling, T fallback)
        where T : struct, Enum => Choice(key, spelling) ?? fallback;

    public T? Choice<T>(string key, Spelling<T> spelling)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(spelling);
        var declared = Declared(key);
        if (Text(key) is not { } text)
        {
            return null;
        }

        if (spelling.TryParse(text, out var value))
        {
            return value;
        }

        diagnostics.Add(new ConfigDiagnostic(entry.Find(key)!.Value.Location, $"{at}.{key}: {declared.Unknown!(text)}"));
        return null;
    }

    /// <summary>One scalar or a non-empty list of them; <paramref name="expected"/> overrides the declared wording (bars read x as keys).</summary>
    public IReadOnlyList<ConfigScalar>? Keys(string key, string? expected = null) =>
        Shaped(key, expected ?? Declared(key).Expected, e => e.Value switch
        {
            ConfigScalar { IsNull: false } s => [s],
            ConfigList l when l.Items.Count > 0 && l.Items.All(i => i is ConfigScalar { IsNull: false }) => l.Items.Cast<ConfigScalar>().ToList(),
            _ => null,
        });

    public IReadOnlyList<ConfigScalar>? List(string key) =>
        Shaped(key, Declared(key).Expected, e => e.Value is ConfigList l && l.Items.All(i => i is ConfigScalar { IsNull: false }) ? l.Items.Cast<ConfigScalar>().ToList() : null);

    public bool? Flag(string key) =>
        Shaped(key, Declared(key).Expected, e => e.Value is ConfigScalar { Quoted: false, Text: "true" or "false" } p ? p.Text == "true" : (bool?)null);

    // Null when absent (no message) or of the wrong shape (a message at the value).
    private TValue? Shaped<TValue>(string key, string expected, Func<ConfigEntry, TValue?> read)
    {
        if (entry.Find(key) is not { } e)
        {
            return default;
        }

        var value = read(e);
        if (value is null)
        {
            diagnostics.Add(new ConfigDiagnostic(e.Value.Location, $"{at}.{key}: expected {expected}."));
        }

        return value;
    }

    private EntryKey Declared(string key) => schema[key];
}
