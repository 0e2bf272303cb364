using OfaExp.Core.Config.Schema;

namespace OfaExp.Core.Config;

/// <summary>
/// `phase_defaults:` settings written once for every phase. A layer's (one file's) phase defaults become that
/// layer's settings of each phase, beneath the phase's own settings in the same layer; so, like any key of that
/// file, they beat the layers below it and lose to the layers above.
/// </summary>
public static class PhaseDefaults
{
    public const string Key = "phase_defaults";

    /// <summary>
    /// <paramref name="layer"/> without its phase_defaults, which are written under phases.&lt;name&gt; for every name
    /// in <paramref name="phaseNames"/>. Each setting is validated once, here, against the schema's phase keys; a bad
    /// one is reported at its own line and left out, so it is not reported again for every phase.
    /// </summary>
    public static ConfigMap Expand(ConfigMap layer, IReadOnlyList<string> phaseNames, List<ConfigDiagnostic> diagnostics)
    {
        if (layer.Find(Key) is not { } entry)
        {
            return layer;
        }

        var rest = layer.Without(Key);
        var defaults = Valid(entry, diagnostics);
        if (defaults.Entries.Count == 0)
        {
            return rest;
        }

        // A phases: that is not a mapping is reported by the resolver; there is nothing to merge under.
        var phasesEntry = rest.Find("phases");
        if (phasesEntry is not null && phasesEntry.Value is not ConfigMap && phasesEntry.Value is not ConfigScalar { IsNull: true })
        {
            return rest;
        }

        var phases = phasesEntry?.Value as ConfigMap ?? ConfigMap.Empty(entry.KeyLocation);
        var expanded = new List<ConfigEntry>();
        foreach (var name in phaseNames)
        {
            var own = phases.Find(name);
            if (own is not null && own.Value is not ConfigMap && own.Value is not ConfigScalar { IsNull: true })
            {
                continue;
            }

            var merged = ConfigMerger.Merge(defaults, own?.Value as ConfigMap ?? ConfigMap.Empty(entry.KeyLocation));
            expanded.Add(new ConfigEntry(name, own?.KeyLocation ?? entry.KeyLocation, merged));
        }

        var withDefaults = ConfigMerger.Merge(phases, new ConfigMap(expanded, phases.Location));
        var phasesKey = phasesEntry?.KeyLocation ?? entry.KeyLocation;
        return ConfigMerger.Merge(rest, new ConfigMap([new ConfigEntry("phases", phasesKey, withDefaults)], rest.Location));
    }

    /// <summary>
    /// The phase names a merged config has, as the resolver will see them: the pipeline's (the schema's default
    /// pipeline when none is written), then any other name under phases:. A pipeline name that is neither declared
    /// under phases: nor a kind is left out: it is an error either way, and the resolver names it at its place in
    /// the pipeline with a did-you-mean only while nothing declares it. At most one past
    /// <see cref="ConfigResolver.MaxPhases"/>: the resolver refuses more, and expanding into a generated file's
    /// thousands of names would only cost memory first.
    /// </summary>
    public static IReadOnlyList<string> PhaseNamesOf(ConfigMap merged)
    {
        var names = new List<string>();
        if (merged.Find("pipeline") is { } pipeline)
        {
            if (pipeline.Value is ConfigList list)
            {
                names.AddRange(list.Items.OfType<ConfigScalar>().Where(s => !s.IsNull).Select(s => s.Text));
            }
        }
        else
        {
            names.AddRange((string[])ExperimentSchema.Find("pipeline")!.Default!);
        }

        var declared = (merged.Find("phases")?.Value as ConfigMap)?.Entries.Select(e => e.Key).ToList() ?? [];
        var declaredSet = declared.ToHashSet(StringComparer.Ordinal);
        names.RemoveAll(n => !Spec.PhaseKindNames.Spelling.TryParse(n, out _) && !declaredSet.Contains(n));
        names.AddRange(declared);
        return names.Distinct(StringComparer.Ordinal).Take(ConfigResolver.MaxPhases + 1).ToList();
    }

    private static ConfigMap Valid(ConfigEntry entry, List<ConfigDiagnostic> diagnostics)
    {
        if (entry.Value is ConfigScalar { IsNull: true })
        {
            return ConfigMap.Empty(entry.KeyLocation);
        }

        if (entry.Value is not ConfigMap map)
        {
            diagnostics.Add(new ConfigDiagnostic(entry.Value.Location,
                $"{Key}: expected a mapping of phase settings written once for every phase, e.g. '{Key}: {{batch_size: 64, base_batch_size: 64}}'."));
            return ConfigMap.Empty(entry.KeyLocation);
        }

        var known = PhaseKeys();
        var valid = new List<ConfigEntry>();
        foreach (var setting in map.Entries)
        {
            if (setting.Key == "kind")
            {
                diagnostics.Add(new ConfigDiagnostic(setting.KeyLocation,
                    $"{Key}.kind: a phase's kind is its own (or its name's); set it under phases.<name>.kind."));
            }
            else if (ExperimentSchema.Find($"phases.*.{setting.Key}") is not { } leaf)
            {
                var hint = diagnostics.Count < ConfigException.MaxListed ? Suggestions.Closest(setting.Key, known) : null;
                diagnostics.Add(new ConfigDiagnostic(setting.KeyLocation, $"unknown key '{Key}.{setting.Key}'. "
                    + (hint is not null ? $"Did you mean '{hint}'?" : $"Known keys under '{Key}' (those of a phase): {string.Join(", ", known)}.")));
            }
            else if (LeafParser.Parse(leaf, $"{Key}.{setting.Key}", setting.Value, diagnostics) is not null)
            {
                valid.Add(setting);
            }
        }

        return new ConfigMap(valid, map.Location);
    }

    private static List<string> PhaseKeys() =>
        ExperimentSchema.Leaves.Select(l => l.Path)
            .Where(p => p.StartsWith("phases.*.", StringComparison.Ordinal) && p != "phases.*.kind")
            .Select(p => p["phases.*.".Length..])
            .ToList();
}
