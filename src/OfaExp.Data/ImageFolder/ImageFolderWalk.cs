using OfaExp.Core.Errors;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Lists the image files under one directory, recursively, without reading them: names ending in .jpg, .jpeg or
/// .png (any case; the decoder sniffs the real format), hidden entries (a leading '.', e.g. .DS_Store or macOS's
/// ._x.jpg resource forks) and other names skipped. Directory symlinks are followed, as torchvision's ImageFolder
/// does, but each real directory is entered once, so a link loop ends instead of recursing forever.
/// </summary>
internal sealed class ImageFolderWalk
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    private readonly HashSet<string> _visited = new(StringComparer.Ordinal);
    private readonly List<(string Relative, string Full, long Size)> _files = [];

    private ImageFolderWalk()
    {
    }

    /// <summary>Files skipped for their name (not an image extension, hidden) or because a link points nowhere.</summary>
    public int Skipped { get; private set; }

    /// <summary>The images under <paramref name="directory"/>, relative paths prefixed with <paramref name="prefix"/>, in ordinal order.</summary>
    public static (IReadOnlyList<(string Relative, string Full, long Size)> Files, int Skipped) Images(string directory, string prefix)
    {
        var walk = new ImageFolderWalk();
        walk.Visit(directory, prefix);
        walk._files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return (walk._files, walk.Skipped);
    }

    public static bool IsImageName(string name) =>
        !name.StartsWith('.') && Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private void Visit(string directory, string prefix)
    {
        if (!_visited.Add(RealPath.Of(directory)))
        {
            return;
        }

        List<string> entries;
        try
        {
            entries = [.. Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OfaExpException(
                $"The folder '{directory}' cannot be listed ({e.Message}). Make it readable, or move it out of the data set.", ExitCodes.BadInput, e);
        }

        foreach (var path in entries)
        {
            var name = Path.GetFileName(path);
            var relative = prefix + "/" + name;
            if (Directory.Exists(path))
            {
                if (!name.StartsWith('.'))
                {
                    Visit(path, relative);
                }
            }
            else if (IsImageName(name) && File.Exists(path))
            {
                // FileInfo follows a file symlink to its target, so the size is the image's.
                _files.Add((relative, path, new FileInfo(path).Length));
            }
            else
            {
                Skipped++;
            }
        }
    }
}
