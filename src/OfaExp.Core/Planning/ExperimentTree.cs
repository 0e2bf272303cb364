using OfaExp.Core.Config;
using OfaExp.Core.Errors;

namespace OfaExp.Core.Planning;

/// <summary>
/// Finds experiments in a directory tree and builds their effective config: every defaults.yaml from the experiments
/// root down to the experiment, then the experiments it extends, then its experiment.yaml, then command-line
/// overrides (layered by <see cref="ExperimentComposer"/>).
/// </summary>
public static class ExperimentTree
{
    public const string ExperimentFile = "experiment.yaml";
    public const string DefaultsFile = "defaults.yaml";

    /// <summary>
    /// The experiments root: the nearest enclosing directory named "experiments", else the outermost enclosing
    /// directory that holds a defaults.yaml, else the directory itself.
    /// </summary>
    public static string FindRoot(string directory)
    {
        var full = Path.GetFullPath(directory);
        string? outermostDefaults = null;
        for (var d = new DirectoryInfo(full); d is not null; d = d.Parent)
        {
            if (d.Name == "experiments")
            {
                return d.FullName;
            }

            if (File.Exists(Path.Combine(d.FullName, DefaultsFile)))
            {
                outermostDefaults = d.FullName;
            }
        }

        return outermostDefaults ?? full;
    }

    /// <summary>
    /// A directory's name the way experiments are named: its path below the experiments root with '/' separators,
    /// or the root's own folder name for the root itself.
    /// </summary>
    public static string NameOf(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var relative = Path.GetRelativePath(FindRoot(full), full);
        return relative == "." ? new DirectoryInfo(full).Name : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    public static IReadOnlyList<ExperimentSource> Discover(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new OfaExpException($"The directory '{directory}' does not exist. Pass a directory under experiments/, e.g. experiments/quickstart.");
        }

        var root = FindRoot(full);
        var found = ExperimentDirectories(full)
            .OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => Source(root, d))
            .ToList();
        if (found.Count == 0)
        {
            throw new OfaExpException(
                $"No experiments under '{directory}': an experiment is a directory holding an {ExperimentFile}. "
                + "Point the command at such a directory (e.g. experiments/quickstart) or create the file.");
        }

        return found;
    }

    /// <summary>
    /// Every directory under <paramref name="top"/> holding an experiment file, each real directory once (by device
    /// and inode, so symbolic-link loops end), without recursion (deep trees cannot overflow the stack).
    /// </summary>
    /// <exception cref="OfaExpException">An experiment file that is not a regular file, or a name that is not UTF-8.</exception>
    private static List<string> ExperimentDirectories(string top)
    {
        var found = new List<string>();
        var seen = new HashSet<(ulong, ulong)>();
        var pending = new Stack<string>([top]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            if (FileIdentity.Of(directory) is not { } id || !seen.Add((id.Device, id.Inode)))
            {
                continue;
            }

            var file = Path.Combine(directory, ExperimentFile);
            if (FileIdentity.Of(file) is { } f)
            {
                if (!f.Regular && !Directory.Exists(file))
                {
                    throw new OfaExpException($"{file} is not a regular file (a FIFO, socket or device?), so it cannot be read as an experiment; replace it with a YAML file.");
                }

                if (f.Regular)
                {
                    found.Add(directory);
                }
            }

            foreach (var child in Directory.EnumerateDirectories(directory).OrderByDescending(d => d, StringComparer.Ordinal))
            {
                if (Path.GetFileName(child).Contains('\uFFFD', StringComparison.Ordinal))
                {
                    throw new OfaExpException($"A directory under {directory} has a name that is not valid UTF-8 ('{Path.GetFileName(child)}'); rename it, or its experiments would be skipped unseen.");
                }

                pending.Push(child);
            }
        }

        return found;
    }

    /// <summary>The experiment in <paramref name="directory"/> as found from its own experiments root (an extended experiment).</summary>
    public static ExperimentSource SourceOf(string directory)
    {
        var full = Path.GetFullPath(directory);
        return Source(FindRoot(full), full);
    }

    private static ExperimentSource Source(string root, string directory)
    {
        var files = new List<string>();
        var relative = Path.GetRelativePath(root, directory);
        var chain = new List<string> { root };
        if (relative != ".")
        {
            var current = root;
            foreach (var part in relative.Split(Path.DirectorySeparatorChar))
            {
                current = Path.Combine(current, part);
                chain.Add(current);
            }
        }

        files.AddRange(chain.Select(d => Path.Combine(d, DefaultsFile)).Where(File.Exists));
        files.Add(Path.Combine(directory, ExperimentFile));
        var name = relative == "." ? new DirectoryInfo(directory).Name : relative.Replace(Path.DirectorySeparatorChar, '/');
        return new ExperimentSource(name, directory, files);
    }

    public static ExperimentConfig Load(ExperimentSource source, IReadOnlyList<string> overrides)
    {
        var parsed = overrides.Select(ConfigOverride.Parse).ToList();
        var problems = new List<ConfigDiagnostic>();
        var merged = ExperimentComposer.Compose(source, parsed, problems);
        ExperimentConfig config;
        try
        {
            config = ConfigResolver.Resolve(merged, new SourceLocation(source.Files[^1], 0, 0));
        }
        catch (ConfigException e) when (problems.Count > 0)
        {
            throw new ConfigException([.. problems, .. e.Diagnostics]);
        }

        if (problems.Count > 0)
        {
            throw new ConfigException(problems);
        }

        // A swept key takes the sweep's value at every point, so a plain override of it would silently do nothing.
        foreach (var (path, value, location) in parsed.Select(o => (o.Path, o.Text, o.Location)))
        {
            if (config.Sweep.Axes.FirstOrDefault(a => a.Paths.Contains(path)) is { } axis)
            {
                var hint = axis.Paths.Count == 1
                    ? $"override the axis instead, e.g. sweep.{path}=[{value}]"
                    : $"it is part of a zip group ({string.Join(", ", axis.Paths)}); change the group in the file";
                throw new ConfigException(new ConfigDiagnostic(
                    location, $"{path} is swept by the experiment (sweep: {path}), so a plain value would be replaced at every point; {hint}."));
            }
        }

        return config;
    }
}
