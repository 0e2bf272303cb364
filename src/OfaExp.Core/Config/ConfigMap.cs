namespace OfaExp.Core.Config;

/// <summary>A mapping in source order.</summary>
public sealed record ConfigMap(IReadOnlyList<ConfigEntry> Entries, SourceLocation Location) : ConfigNode(Location)
{
    public ConfigEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key == key);

    public ConfigMap Without(string key) => this with { Entries = Entries.Where(e => e.Key != key).ToList() };

    public static ConfigMap Empty(SourceLocation location) => new([], location);
}
