using System.Globalization;
using System.Text;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// What a cached in-memory split depends on (<see cref="SplitCache"/>): the data set, its root directory, which split
/// (train, test), the selection drawn from it (subset sizes, held-out fraction, split seed) and a stamp of the files
/// it is read from (full path, size and modification time of each, plus the listing of the images for data sets of
/// many files), so that a replaced or edited file is a different key.
/// </summary>
public sealed record SplitCacheKey(string Dataset, string Root, string Split, string Selection, string FilesStamp)
{
    public const string TrainSplit = "train";
    public const string TestSplit = "test";

    /// <summary>The key of <paramref name="split"/> (<see cref="TrainSplit"/> or <see cref="TestSplit"/>) of <paramref name="spec"/>'s data set with <paramref name="selection"/>.</summary>
    /// <exception cref="Core.Errors.OfaExpException">The data set's files are missing.</exception>
    public static SplitCacheKey For(DataSpec spec, string split, string selection)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var (files, manifest) = split switch
        {
            TrainSplit => (DatasetCatalog.TrainFiles(spec), DatasetCatalog.TrainManifest(spec)),
            TestSplit => (DatasetCatalog.TestFiles(spec), DatasetCatalog.TestManifest(spec)),
            _ => throw new ArgumentException($"Unknown split '{split}'.", nameof(split)),
        };

        var stamp = new StringBuilder();
        foreach (var file in files)
        {
            var info = new FileInfo(file);
            stamp.Append(CultureInfo.InvariantCulture, $"{info.FullName}|{info.Length}|{info.LastWriteTimeUtc.Ticks}\n");
        }

        if (manifest is not null)
        {
            stamp.Append(manifest);
        }

        var root = string.IsNullOrWhiteSpace(spec.Root) ? "" : Path.TrimEndingDirectorySeparator(Path.GetFullPath(spec.Root));
        return new SplitCacheKey(spec.Dataset, root, split, selection, stamp.ToString());
    }
}
