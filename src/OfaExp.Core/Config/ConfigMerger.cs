namespace OfaExp.Core.Config;

/// <summary>
/// Deep merge of config layers (root defaults → nested defaults → experiment → command line). Mappings merge key by
/// key; lists and scalars from a later layer replace earlier ones whole, because merging lists element-wise would
/// make "depths: [2,3]" silently keep a stale third element.
/// </summary>
public static class ConfigMerger
{
    public static ConfigMap Merge(ConfigMap lower, ConfigMap upper)
    {
        var result = new List<ConfigEntry>(lower.Entries);

        // An index by key keeps merging linear: a file with tens of thousands of keys must fail validation in
        // well under a second, not search the list once per key.
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var j = 0; j < result.Count; j++)
        {
            index.TryAdd(result[j].Key, j);
        }

        foreach (var entry in upper.Entries)
        {
            if (!index.TryGetValue(entry.Key, out var i))
            {
                index[entry.Key] = result.Count;
                result.Add(entry);
            }
            else if (result[i].Value is ConfigMap lowerMap && entry.Value is ConfigMap upperMap)
            {
                result[i] = result[i] with { Value = Merge(lowerMap, upperMap) };
            }
            else
            {
                result[i] = entry;
            }
        }

        return new ConfigMap(result, upper.Entries.Count > 0 ? upper.Location : lower.Location);
    }

    /// <summary>Sets a dotted path, creating intermediate mappings (used for overrides and sweep points).</summary>
    public static ConfigMap Set(ConfigMap root, string path, ConfigNode value, SourceLocation location)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? path : path[..dot];
        var existing = root.Find(head);
        ConfigNode newValue;
        if (dot < 0)
        {
            newValue = value;
        }
        else
        {
            var child = existing?.Value as ConfigMap ?? ConfigMap.Empty(location);
            newValue = Set(child, path[(dot + 1)..], value, location);
        }

        var entries = root.Entries.ToList();
        int i = entries.FindIndex(e => e.Key == head);
        var entry = new ConfigEntry(head, existing?.KeyLocation ?? location, newValue);
        if (i < 0)
        {
            entries.Add(entry);
        }
        else
        {
            entries[i] = entry;
        }

        return root with { Entries = entries };
    }
}
