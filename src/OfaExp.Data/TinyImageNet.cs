using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// Tiny ImageNet (Stanford CS231n): 64 x 64 RGB JPEGs of 200 classes in the tiny-imagenet-200/ layout (see
/// <see cref="TinyImageNetLayout"/>). Runs validate on a split of train (see <see cref="DataSplitter"/>); the
/// labelled val/ folder is the held-out split that <see cref="LoadTest"/> returns (the official test/ folder has no
/// labels and is not read). A wnids.txt with fewer than 200 classes (a subset) is accepted; labels then stay below
/// its length. Decoded splits are cached by <see cref="DecodedImageCache"/>.
/// </summary>
public static class TinyImageNet
{
    public const string Name = "tiny-imagenet";

    /// <summary>The folder the official archive extracts to; accepted inside data.root as well as data.root itself.</summary>
    public const string ArchiveFolder = "tiny-imagenet-200";

    public const string DownloadUrl = "http://cs231n.stanford.edu/tiny-imagenet-200.zip";

    // Bump when decoding changes (another decoder, another grayscale expansion) so old caches are not reused.
    private const string CacheVersion = "ofaexp-tiny-imagenet-decoded/v1";

    /// <summary>ImageNet's per-channel mean and std (pixels in [0, 1]), the usual choice for Tiny ImageNet.</summary>
    public static ChannelStats Normalization { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    private const string DecodeAdvice = $"Replace it from {DownloadUrl}, or point data.root at an intact copy of Tiny ImageNet.";

    private static DatasetInfo Info => DatasetInfo.Get(Name);

    /// <summary>
    /// The files whose contents the dataset fingerprint hashes: only wnids.txt (it fixes the label of every class).
    /// Hashing the 100,000 train JPEGs for every plan would take seconds to minutes, so the images enter the
    /// fingerprint through <see cref="TrainManifest"/> instead.
    /// </summary>
    /// <exception cref="OfaExpException">The directory or wnids.txt is missing or invalid.</exception>
    public static IReadOnlyList<string> TrainFiles(string root) => [Open(root).WnidsPath];

    /// <summary>
    /// One line "relative path TAB size in bytes" per train image, in load order. Together with wnids.txt's hash it
    /// identifies the train split by name, label and size: adding, removing, renaming, relabelling or re-encoding an
    /// image changes it; an in-place edit that keeps the byte count does not (a trade for plans that stat rather than
    /// read 100,000 files). Modification times are left out so that copying the dataset keeps run ids.
    /// val/ has its own (<see cref="TestManifest"/>).
    /// </summary>
    /// <exception cref="OfaExpException">The layout is incomplete.</exception>
    public static string TrainManifest(string root) => Manifest(Open(root).TrainImages());

    /// <summary>The test split's files hashed by content: val/val_annotations.txt (it labels every val image).</summary>
    /// <exception cref="OfaExpException">The directory or the annotations are missing.</exception>
    public static IReadOnlyList<string> TestFiles(string root)
    {
        var annotations = Open(root).ValAnnotationsPath;
        return File.Exists(annotations) ? [annotations] : throw Missing($"'{annotations}' does not exist");
    }

    /// <summary>As <see cref="TrainManifest"/>, for the val/ images (the held-out split test metrics are scored on).</summary>
    /// <exception cref="OfaExpException">The layout or the annotations are incomplete.</exception>
    public static string TestManifest(string root) => Manifest(Open(root).ValImages());

    private static string Manifest(IEnumerable<ImageFileEntry> images)
    {
        var sb = new StringBuilder();
        foreach (var entry in images)
        {
            sb.Append(entry.RelativePath).Append('\t')
                .Append(new FileInfo(entry.FullPath).Length.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Loads the train split (100,000 images in the official files) as 64 x 64 x 3 HWC bytes.</summary>
    /// <param name="cacheDirectory">Where decoded splits are cached; null decodes every time.</param>
    /// <exception cref="OfaExpException">Files missing, undecodable, or of the wrong size.</exception>
    public static ImageSet LoadTrain(string root, string? cacheDirectory) => Load("train", Open(root).TrainImages(), cacheDirectory);

    /// <summary>Loads the labelled val/ split (10,000 images), never used by training or model selection.</summary>
    /// <param name="cacheDirectory">Where decoded splits are cached; null decodes every time.</param>
    /// <exception cref="OfaExpException">Annotations invalid, files missing, undecodable, or of the wrong size.</exception>
    public static ImageSet LoadTest(string root, string? cacheDirectory) => Load("val", Open(root).ValImages(), cacheDirectory);

    internal static OfaExpException Missing(string what) =>
        new($"Tiny ImageNet was not found: {what}. It is not a Debian package: download {DownloadUrl}, extract it and "
            + $"set data.root to the {ArchiveFolder} directory that holds wnids.txt, train/ and val/ "
            + $"(or place it under {Info.DefaultRoot}).",
            ExitCodes.BadInput);

    internal static OfaExpException Invalid(string file, string what) =>
        new($"'{file}' does not look like part of Tiny ImageNet: {what}. Download {DownloadUrl} again and extract it, "
            + "or point data.root at an intact copy.",
            ExitCodes.BadInput);

    private static TinyImageNetLayout Open(string root) =>
        TinyImageNetLayout.Open(string.IsNullOrWhiteSpace(root) ? Info.DefaultRoot : root, Info.NumClasses);

    private static ImageSet Load(string split, IReadOnlyList<ImageFileEntry> entries, string? cacheDirectory)
    {
        var info = Info;
        string? cachePath = null;
        var key = CacheKey(split, entries);
        if (cacheDirectory is not null)
        {
            cachePath = Path.Combine(cacheDirectory, $"{Name}-{split}-{Convert.ToHexStringLower(key)[..16]}.bin");
            var cached = DecodedImageCache.TryRead(cachePath, key);
            if (cached is not null && cached.Count == entries.Count && cached.ImageSize == info.NativeResolution * info.NativeResolution * info.Channels)
            {
                return cached;
            }
        }

        var set = Decode(entries, info);
        if (cachePath is not null)
        {
            DecodedImageCache.TryWrite(cachePath, key, set);
        }

        return set;
    }

    private static ImageSet Decode(IReadOnlyList<ImageFileEntry> entries, DatasetInfo info)
    {
        var side = info.NativeResolution;
        var size = side * side * info.Channels;
        var pixels = new byte[checked(entries.Count * size)];
        var labels = new byte[entries.Count];
        var errors = new ConcurrentDictionary<int, OfaExpException>();
        Parallel.For(0, entries.Count, (i, state) =>
        {
            try
            {
                JpegDecoder.Decode(entries[i].FullPath, side, side, pixels.AsSpan(i * size, size), DecodeAdvice);
                labels[i] = entries[i].Label;
            }
            catch (OfaExpException e)
            {
                errors[i] = e;

                // Break (not Stop) lets every lower index finish, so the error reported is the first bad file in load order.
                state.Break();
            }
        });

        if (!errors.IsEmpty)
        {
            throw errors[errors.Keys.Min()];
        }

        return new ImageSet(pixels, labels, side, side, info.Channels, info.NumClasses);
    }

    // Unlike the fingerprint, the cache is local to one machine, so modification times may (and should) take part.
    private static byte[] CacheKey(string split, IReadOnlyList<ImageFileEntry> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{CacheVersion}\n{split}\n"));
        var inv = CultureInfo.InvariantCulture;
        foreach (var entry in entries)
        {
            var file = new FileInfo(entry.FullPath);
            var line = $"{entry.RelativePath}\t{entry.Label.ToString(inv)}\t{file.Length.ToString(inv)}\t{file.LastWriteTimeUtc.Ticks.ToString(inv)}\n";
            hash.AppendData(Encoding.UTF8.GetBytes(line));
        }

        return hash.GetHashAndReset();
    }
}
