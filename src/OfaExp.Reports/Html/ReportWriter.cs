namespace OfaExp.Reports.Html;

/// <summary>
/// Writes a report site into its directory the way tables and figures are written: each file atomically and only
/// when its bytes change. The directory holds the report and nothing else, so every other file in it (the pages
/// of runs no longer planned, of experiments no longer reported) is removed, and so are folders left empty; except
/// the folders of other sites nested in it.
/// </summary>
public static class ReportWriter
{
    /// <summary>
    /// The empty file that marks a folder as a report site. Sites nest (experiments/ofav2's holds ofav2/cpu's), and
    /// a site's clean-up leaves every folder holding another site's marker alone.
    /// </summary>
    public const string Marker = ".ofaexp-report";

    public static ReportWriteResult Write(string directory, IReadOnlyList<SiteFile> files)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(files);
        var root = Path.GetFullPath(directory);

        // Every path is checked before the first file is written, so a bad one leaves the previous report whole.
        var resolved = files.Select(f => (Path: Resolve(root, f.Path), f.Bytes)).ToList();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, _) in resolved.Where(f => !wanted.Add(f.Path)))
        {
            throw new ArgumentException($"The report has two files at '{Path.GetRelativePath(root, path)}'.", nameof(files));
        }

        int written = 0, unchanged = 0;
        foreach (var (path, bytes) in resolved)
        {
            if (ChangedFile.Write(Path.GetDirectoryName(path)!, Path.GetFileName(path), bytes))
            {
                written++;
            }
            else
            {
                unchanged++;
            }
        }

        ChangedFile.Write(root, Marker, []);
        wanted.Add(Path.Combine(root, Marker));
        var others = Directory.EnumerateFiles(root, Marker, SearchOption.AllDirectories)
            .Select(m => Path.GetDirectoryName(m)! + Path.DirectorySeparatorChar)
            .Where(d => d.Length > root.Length + 1)
            .ToList();

        var removed = 0;
        if (Directory.Exists(root))
        {
            foreach (var stale in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Where(f => !wanted.Contains(f) && !others.Any(o => f.StartsWith(o, StringComparison.Ordinal)))
                .Order(StringComparer.Ordinal).ToList())
            {
                File.Delete(stale);
                removed++;
            }

            // Deepest first, so a folder whose subfolders all went is empty by the time it is checked.
            foreach (var folder in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).ToList())
            {
                if (!Directory.EnumerateFileSystemEntries(folder).Any())
                {
                    Directory.Delete(folder);
                }
            }
        }

        return new ReportWriteResult(written, unchanged, removed);
    }

    // Site paths are built from experiment, table and figure names; none may climb out of the report.
    private static string Resolve(string root, string relative)
    {
        var segments = relative.Split('/');
        if (relative.Length == 0 || Path.IsPathRooted(relative) || segments.Any(s => s is "" or "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{relative}' is not a plain relative path inside the report.", nameof(relative));
        }

        return Path.Combine([root, .. segments]);
    }
}
