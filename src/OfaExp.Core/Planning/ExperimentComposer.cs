using OfaExp.Core.Config;
using OfaExp.Core.Config.Schema;

namespace OfaExp.Core.Planning;

/// <summary>
/// An experiment's merged config before validation, layer by layer: its defaults.yaml files (outermost first), the
/// effective config of each experiment it extends (in the order listed), its own experiment.yaml, then the
/// command-line overrides. Each file's phase_defaults are expanded into its phases on the way.
/// </summary>
public static class ExperimentComposer
{
    public const string ExtendsKey = "extends";

    /// <summary>
    /// How many experiments deep extends may chain. The committed ones use one level; a limit makes a chain that
    /// symbolic links keep lengthening end with a message instead of running out of stack.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Keys whose relative paths resolve against the experiment directory. An extended experiment's are rewritten to
    /// resolve against the extending experiment's directory, so they keep naming the same file.
    /// </summary>
    private static readonly string[] RelativePathKeys = ["data.root", "import.checkpoint"];

    public static ConfigMap Compose(ExperimentSource source, IReadOnlyList<ConfigOverride> overrides, List<ConfigDiagnostic> diagnostics) =>
        Compose(source, overrides, [], diagnostics);

    private static ConfigMap Compose(ExperimentSource source, IReadOnlyList<ConfigOverride> overrides, IReadOnlyList<string> extending, List<ConfigDiagnostic> diagnostics)
    {
        var file = source.Files[^1];
        var layers = new List<ConfigMap>();
        foreach (var defaults in source.Files.Take(source.Files.Count - 1))
        {
            var map = YamlConfigReader.ReadFile(defaults);
            if (map.Find(ExtendsKey) is { } misplaced)
            {
                throw new ConfigException(new ConfigDiagnostic(misplaced.KeyLocation,
                    "extends: only an experiment.yaml can extend another experiment; a defaults.yaml already applies to every experiment below it. Move the key into the experiment files that need it."));
            }

            layers.Add(map);
        }

        var own = YamlConfigReader.ReadFile(file);
        if (own.Entries.Count == 0)
        {
            // Inherited defaults alone are OFA's ImageNet schedule: hours or days of training nobody asked for.
            throw new ConfigException(new ConfigDiagnostic(new SourceLocation(file, 1, 1),
                "the experiment file sets nothing, so it would run the inherited defaults: OFA's paper-scale schedule (180 epochs at 224 px on every image). "
                + "Set at least a description, the pipeline and its phases, or delete the file."));
        }

        var chain = extending.Append(file).ToList();
        foreach (var (directory, location) in ExtendsTargets.Of(own, source.Directory))
        {
            var target = ExperimentTree.SourceOf(directory);
            var targetFile = target.Files[^1];
            if (chain.Contains(targetFile, StringComparer.Ordinal))
            {
                var cycle = chain.SkipWhile(f => f != targetFile).Append(targetFile).Select(f => Show(f, source));
                throw new ConfigException(new ConfigDiagnostic(location,
                    $"extends: the experiments extend each other in a cycle: {string.Join(" -> ", cycle)}. Remove one of these extends."));
            }

            if (chain.Count >= MaxDepth)
            {
                throw new ConfigException(new ConfigDiagnostic(location,
                    $"extends: more than {MaxDepth} experiments extend one another in a chain ({Show(chain[0], source)} -> ...); flatten it."));
            }

            layers.Add(Inheritable(Compose(target, [], chain, diagnostics), target.Directory, source.Directory));
        }

        layers.Add(own.Without(ExtendsKey));

        // Phase defaults reach every phase the finished config has, including phases a later layer or an override
        // adds, so the names are taken from a first merge without them.
        var plain = Merge(layers.Select(l => l.Without(PhaseDefaults.Key)), file);
        var names = PhaseDefaults.PhaseNamesOf(overrides.Aggregate(plain, (m, o) => o.ApplyTo(m, [])));
        var merged = Merge(layers.Select(l => PhaseDefaults.Expand(l, names, diagnostics)), file);
        return overrides.Aggregate(merged, (m, o) => o.ApplyTo(m, diagnostics));
    }

    private static ConfigMap Merge(IEnumerable<ConfigMap> layers, string file) =>
        layers.Aggregate(ConfigMap.Empty(new SourceLocation(file, 1, 1)), ConfigMerger.Merge);

    /// <summary>
    /// What an extending experiment takes from an extended one: every setting, but not its sweep, tables and figures,
    /// which describe that experiment's own points and outputs (a table of the quickstart's phases would be wrong for
    /// an experiment that adds search phases); an experiment that wants them declares its own.
    /// </summary>
    private static ConfigMap Inheritable(ConfigMap effective, string fromDirectory, string toDirectory)
    {
        var map = ExperimentSchema.SectionKeys.Aggregate(effective, (m, key) => m.Without(key));
        foreach (var path in RelativePathKeys)
        {
            var dot = path.IndexOf('.', StringComparison.Ordinal);
            if ((map.Find(path[..dot])?.Value as ConfigMap)?.Find(path[(dot + 1)..])?.Value is ConfigScalar { IsNull: false, Text.Length: > 0 } value
                && !System.IO.Path.IsPathRooted(value.Text))
            {
                var rebased = System.IO.Path.GetRelativePath(toDirectory, System.IO.Path.Combine(fromDirectory, value.Text));
                map = ConfigMerger.Set(map, path, value with { Text = rebased }, value.Location);
            }
        }

        return map;
    }

    /// <summary>A file as messages show it: relative to the experiments root of the experiment being loaded.</summary>
    private static string Show(string file, ExperimentSource source) =>
        System.IO.Path.GetRelativePath(ExperimentTree.FindRoot(source.Directory), file);
}
