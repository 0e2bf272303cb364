using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// Identifies the data a run sees: SHA-256 over the dataset files' contents (train and test splits) (by file name, not location, so
/// moving the files keeps run ids) and every setting that changes which images are drawn and how they are
/// augmented. The planner computes it for every sweep point, so file hashes are cached for the process lifetime,
/// keyed by full path, length and modification time: a replaced file is re-hashed, an unchanged one is only stat'ed.
/// Datasets of many small files (Tiny ImageNet) contribute a listing of names and sizes instead of their images'
/// contents (<see cref="DatasetCatalog.TrainManifest"/>).
/// </summary>
public static class DatasetFingerprint
{
    // The version tag covers the split/augmentation algorithms: change it when they change.
    private const string FormatVersion = "ofaexp-data/v2";

    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime ModifiedUtc), string> FileHashes = new();

    /// <summary>64 lowercase hex characters.</summary>
    /// <exception cref="Core.Errors.OfaExpException">The dataset's files are missing.</exception>
    public static string Compute(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var sb = new StringBuilder(256);
        sb.Append(FormatVersion).Append('\n');
        sb.Append("dataset=").Append(spec.Dataset).Append('\n');
        foreach (var file in DatasetCatalog.TrainFiles(spec))
        {
            sb.Append("file ").Append(Path.GetFileName(file)).Append(" sha256=").Append(FileSha256(file)).Append('\n');
        }

        // Only datasets that have a manifest add the line, so the fingerprints (and run ids) of the others are unchanged.
        if (DatasetCatalog.TrainManifest(spec) is { } manifest)
        {
            sb.Append("manifest sha256=").Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)))).Append('\n');
        }

        // The test split scores the subnets a run reports (test_top1), so its files are part of the data too.
        foreach (var file in DatasetCatalog.TestFiles(spec))
        {
            sb.Append("test file ").Append(Path.GetFileName(file)).Append(" sha256=").Append(FileSha256(file)).Append('\n');
        }

        if (DatasetCatalog.TestManifest(spec) is { } testManifest)
        {
            sb.Append("test manifest sha256=").Append(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(testManifest)))).Append('\n');
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append("train_subset=").Append(spec.TrainSubset.ToString(inv)).Append('\n');
        sb.Append("val_fraction=").Append(spec.ValFraction.ToString("R", inv)).Append('\n');
        sb.Append("split_seed=").Append(spec.SplitSeed.ToString(inv)).Append('\n');
        sb.Append("augment.random_crop_padding=").Append(spec.Augment.RandomCropPadding.ToString(inv)).Append('\n');
        sb.Append("augment.horizontal_flip=").Append(spec.Augment.HorizontalFlip ? "true" : "false").Append('\n');

        // Only a resized crop adds the line, so the fingerprints (and run ids) of data settings without one are unchanged.
        if (spec.Augment.ResizedCrop)
        {
            sb.Append("augment.random_resized_crop=").Append(spec.Augment.ResizedCropMinScale.ToString("R", inv)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>
    /// What a fingerprint is computed from, short of the files' contents: the data set, where it is read from and
    /// every setting that picks or augments images. A store keeps the fingerprint per key, so recorded runs can be
    /// planned (for tables and figures) where the data set is not installed.
    /// </summary>
    public static string KeyOf(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var inv = CultureInfo.InvariantCulture;
        return string.Join(';',
            FormatVersion,
            "dataset=" + spec.Dataset,
            "root=" + spec.Root,
            "train_subset=" + spec.TrainSubset.ToString(inv),
            "val_fraction=" + spec.ValFraction.ToString("R", inv),
            "split_seed=" + spec.SplitSeed.ToString(inv),
            "augment.random_crop_padding=" + spec.Augment.RandomCropPadding.ToString(inv),
            "augment.horizontal_flip=" + (spec.Augment.HorizontalFlip ? "true" : "false"))
            + (spec.Augment.ResizedCrop ? ";augment.random_resized_crop=" + spec.Augment.ResizedCropMinScale.ToString("R", inv) : "");
    }

    private static string FileSha256(string path)
    {
        var info = new FileInfo(path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        return FileHashes.GetOrAdd(key, static k =>
        {
            using var stream = File.OpenRead(k.Path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        });
    }
}
