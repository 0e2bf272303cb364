using OfaExp.Core.Config;

namespace OfaExp.Core.Planning;

/// <summary>Reads an experiment file's `extends:` (one path or a list) into the experiment directories it names.</summary>
internal static class ExtendsTargets
{
    /// <summary>Each target's full directory with the place it is written, in the order listed.</summary>
    /// <exception cref="ConfigException">A value that is not a path, or a path that is not an experiment directory.</exception>
    public static IReadOnlyList<(string Directory, SourceLocation Location)> Of(ConfigMap file, string directory)
    {
        if (file.Find(ExperimentComposer.ExtendsKey) is not { } entry)
        {
            return [];
        }

        IReadOnlyList<ConfigNode> items = entry.Value switch
        {
            ConfigScalar s => [s],
            ConfigList l => l.Items,
            _ => [entry.Value],
        };
        if (items.Count == 0 || items.Any(i => i is not ConfigScalar { IsNull: false, Text.Length: > 0 }))
        {
            throw new ConfigException(new ConfigDiagnostic(entry.Value.Location,
                "extends: expected the path of another experiment's directory, relative to this one (extends: ../quickstart), or a list of them."));
        }

        return items.Cast<ConfigScalar>().Select(s => (Resolve(s, directory), s.Location)).ToList();
    }

    private static string Resolve(ConfigScalar path, string directory)
    {
        var full = Path.GetFullPath(Path.Combine(directory, path.Text));
        if (File.Exists(Path.Combine(full, ExperimentTree.ExperimentFile)))
        {
            return full;
        }

        var hint = Path.GetFileName(full) == ExperimentTree.ExperimentFile && File.Exists(full)
            ? $" Name the directory, not the file: extends: {Path.GetDirectoryName(path.Text.TrimEnd('/'))}."
            : Closest(full) is { } closest ? $" Did you mean '{Path.Combine(Path.GetDirectoryName(path.Text.TrimEnd('/')) ?? "", closest)}'?" : "";
        var what = Directory.Exists(full) ? "holds no " + ExperimentTree.ExperimentFile : "does not exist";
        throw new ConfigException(new ConfigDiagnostic(path.Location,
            $"extends: '{path.Text}' is not an experiment: {full} {what}. Give the path of a directory holding an {ExperimentTree.ExperimentFile}, relative to {directory}.{hint}"));
    }

    /// <summary>The nearest sibling experiment directory's name, for a misspelt last component.</summary>
    private static string? Closest(string full)
    {
        var parent = Path.GetDirectoryName(full);
        if (parent is null || !Directory.Exists(parent))
        {
            return null;
        }

        var experiments = Directory.EnumerateDirectories(parent)
            .Where(d => File.Exists(Path.Combine(d, ExperimentTree.ExperimentFile)))
            .Select(Path.GetFileName)
            .OfType<string>();
        return Suggestions.Closest(Path.GetFileName(full), experiments);
    }
}
