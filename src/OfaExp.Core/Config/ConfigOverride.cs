namespace OfaExp.Core.Config;

/// <summary>One command-line override, key.path=value: the top layer of an experiment's config.</summary>
/// <param name="Text">The value as typed, for messages.</param>
public sealed record ConfigOverride(string Path, string Text, ConfigNode Value, SourceLocation Location)
{
    public static ConfigOverride Parse(string argument)
    {
        var eq = argument.IndexOf('=', StringComparison.Ordinal);
        var location = new SourceLocation($"command-line override '{argument}'", 0, 0);
        if (eq <= 0)
        {
            throw new ConfigException(new ConfigDiagnostic(location, "overrides are written key.path=value, e.g. phases.full.epochs=2."));
        }

        var (path, value) = (argument[..eq].Trim(), argument[(eq + 1)..]);
        if (path == "extends" || path.StartsWith("extends.", StringComparison.Ordinal))
        {
            // The experiments an experiment extends decide its phases and files; a command line that changed them
            // would plan another experiment under this one's name.
            throw new ConfigException(new ConfigDiagnostic(location,
                "extends cannot be overridden on the command line; edit the experiment file, or plan the other experiment directly."));
        }

        return new ConfigOverride(path, value.Trim(), YamlConfigReader.ReadValue(value, location), location);
    }

    public ConfigMap ApplyTo(ConfigMap merged, List<ConfigDiagnostic> diagnostics)
    {
        // Sweep keys are whole config paths (sweep: {phases.full.lr: [...]}), so sweep.phases.full.lr=[...] sets the
        // axis "phases.full.lr", not a nested "phases" map under sweep.
        if (Path.StartsWith("sweep.", StringComparison.Ordinal) && Path.Length > "sweep.".Length)
        {
            return ConfigMerger.Merge(merged, Layer("sweep", new ConfigMap([new ConfigEntry(Path["sweep.".Length..], Location, Value)], Location)));
        }

        if (Path == PhaseDefaults.Key || Path.StartsWith(PhaseDefaults.Key + ".", StringComparison.Ordinal))
        {
            var layer = ConfigMerger.Set(ConfigMap.Empty(Location), Path, Value, Location);
            return ConfigMerger.Merge(merged, PhaseDefaults.Expand(layer, PhaseDefaults.PhaseNamesOf(merged), diagnostics));
        }

        return ConfigMerger.Set(merged, Path, Value, Location);
    }

    private ConfigMap Layer(string key, ConfigNode value) => new([new ConfigEntry(key, Location, value)], Location);
}
