namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Walks each image folder once per process. Planning hashes the train and val manifests, the sweep counts images
/// for its progress estimate and every run lists its split: at ImageNet size (1.28 M files) each walk costs seconds
/// to minutes, so the layout is kept, keyed by root, and reused while every directory it was listed from (and
/// val/labels.csv) keeps its modification time and the labels file its size. Adding, removing or renaming an image or
/// a class changes the time of the directory that holds it, so the next open walks again; an image rewritten in
/// place is seen only by a new process (as the manifest's sizes would be).
/// </summary>
public static class FolderListings
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (ImageFolderLayout Layout, FolderStamp Stamp)> Cache = new(StringComparer.Ordinal);

    /// <summary>The layout under <paramref name="root"/>, from the cache while the tree is unchanged.</summary>
    /// <exception cref="Core.Errors.OfaExpException">The layout is missing or invalid (exit 2).</exception>
    public static ImageFolderLayout Open(string root)
    {
        var key = string.IsNullOrWhiteSpace(root) ? "" : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        lock (Gate)
        {
            if (key.Length > 0 && Cache.TryGetValue(key, out var hit) && hit.Stamp.IsCurrent())
            {
                return hit.Layout;
            }
        }

        // Walked outside the lock: two threads opening different roots do not wait for each other.
        var layout = ImageFolderLayout.Open(root);
        var stamp = FolderStamp.Of(layout.Listed);
        lock (Gate)
        {
            Cache[key] = (layout, stamp);
        }

        return layout;
    }
}
