using System.IO.Enumeration;
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

    /// <summary>
    /// The images under <paramref name="directory"/>, relative paths prefixed with <paramref name="prefix"/>, in
    /// ordinal order, and the real paths of the directories listed to find them.
    /// </summary>
    public static (IReadOnlyList<(string Relative, string Full, long Size)> Files, int Skipped, IReadOnlyCollection<string> Directories) Images(string directory, string prefix)
    {
        var walk = new ImageFolderWalk();
        walk.Visit(directory, prefix);
        walk._files.Sort((a, b) => string.CompareOrdinal(a.Relative, b.Relative));
        return (walk._files, walk.Skipped, walk._visited);
    }

    // A file symlink counts with its target's size (FileInfo.Length is the link's own); a dangling one is skipped.
    internal static long? Size(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        if ((file.Attributes & FileAttributes.ReparsePoint) == 0)
        {
            return file.Length;
        }

        return File.ResolveLinkTarget(path, returnFinalTarget: true) is FileInfo { Exists: true } target ? target.Length : null;
    }

    public static bool IsImageName(string name) =>
        !name.StartsWith('.') && Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private void Visit(string directory, string prefix)
    {
        if (!_visited.Add(RealPath.Of(directory)))
        {
            return;
        }

        // The enumeration gives each entry's kind (a directory symlink counts as a directory), so a file costs one
        // stat, for its size: at ImageNet's 1.28 M files each stat per file is seconds.
        List<(string Name, string Path, bool IsDirectory)> entries;
        try
        {
            var listing = new FileSystemEnumerable<(string, string, bool)>(
                directory,
                (ref FileSystemEntry e) => (e.FileName.ToString(), e.ToFullPath(), e.IsDirectory),
                new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false });
            entries = [.. listing];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OfaExpException(
                $"The folder '{directory}' cannot be listed ({e.Message}). Make it readable, or move it out of the data set.", ExitCodes.BadInput, e);
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        foreach (var (name, path, isDirectory) in entries)
        {
            var relative = prefix + "/" + name;
            if (isDirectory)
            {
                if (!name.StartsWith('.'))
                {
                    Visit(path, relative);
                }
            }
            else if (IsImageName(name) && Size(path) is { } size)
            {
                _files.Add((relative, path, size));
            }
            else
            {
                Skipped++;
            }
        }
    }
}
