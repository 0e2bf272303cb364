namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The modification times (and sizes, for files) of the paths a listing was read from, taken after the walk. A path
/// modified within <see cref="RacyWindow"/> of the walk makes the stamp never current (git's "racily clean" rule): on
/// a file system with coarse timestamps, a change made in the same tick as the walk would otherwise go unseen.
/// </summary>
internal sealed class FolderStamp
{
    private static readonly TimeSpan RacyWindow = TimeSpan.FromSeconds(2);

    private readonly (string Path, long Ticks, long Length)[] _entries;
    private readonly bool _racy;

    private FolderStamp((string Path, long Ticks, long Length)[] entries, bool racy)
    {
        _entries = entries;
        _racy = racy;
    }

    public static FolderStamp Of(IEnumerable<string> paths)
    {
        var taken = DateTime.UtcNow.Ticks;
        var entries = paths.Select(p => (p, Ticks(p), Length(p))).ToArray();
        return new(entries, entries.Any(e => e.Item2 < 0 || e.Item2 > taken - RacyWindow.Ticks));
    }

    /// <summary>Whether every path still has its recorded time and size (a path gone or unreadable is a change).</summary>
    public bool IsCurrent() => !_racy && _entries.All(e => Ticks(e.Path) == e.Ticks && Length(e.Path) == e.Length);

    private static long Ticks(string path)
    {
        try
        {
            // Follows symlinks, as the walk does; a missing path reads as the 1601 epoch, which a real one never has.
            return File.GetLastWriteTimeUtc(path).Ticks;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }

    private static long Length(string path)
    {
        try
        {
            return File.Exists(path) ? new FileInfo(path).Length : -1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return -2;
        }
    }
}
