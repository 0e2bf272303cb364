using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// CIFAR-10 (Krizhevsky 2009) in its "binary version" layout, cifar-10-batches-bin/: data_batch_1..5.bin hold the
/// train split, test_batch.bin the official test split. Each record is one label byte and 3072 pixel bytes, the
/// 1024 red, then 1024 green, then 1024 blue values of a row-major 32 x 32 image. Runs validate on a split of train
/// (see <see cref="DataSplitter"/>); <see cref="LoadTest"/> exists for final, held-out reports only.
/// </summary>
public static class Cifar10
{
    public const string Name = "cifar-10";
    public const string TestFile = "test_batch.bin";

    /// <summary>The folder the official archive extracts to; accepted inside data.root as well as data.root itself.</summary>
    public const string ArchiveFolder = "cifar-10-batches-bin";

    public const string DownloadUrl = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";

    private const int Side = 32;
    private const int PlaneSize = Side * Side;
    private const int RecordSize = 1 + 3 * PlaneSize;

    public static IReadOnlyList<string> TrainFileNames { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    /// <summary>The commonly used per-channel mean and std of the train split's pixels in [0, 1].</summary>
    public static ChannelStats Normalization { get; } = new([0.4914f, 0.4822f, 0.4465f], [0.2470f, 0.2435f, 0.2616f]);

    private static DatasetInfo Info => DatasetInfo.Get(Name);

    /// <summary>The full paths of the five train batches, in order.</summary>
    /// <exception cref="OfaExpException">The directory or a file is missing.</exception>
    public static IReadOnlyList<string> TrainFiles(string root) => Existing(root, TrainFileNames);

    /// <summary>The full path of the test batch.</summary>
    /// <exception cref="OfaExpException">The directory or the file is missing.</exception>
    public static IReadOnlyList<string> TestFiles(string root) => Existing(root, [TestFile]);

    /// <summary>Loads the train batches (50,000 images in the official files) as 32 x 32 x 3 HWC bytes.</summary>
    /// <exception cref="OfaExpException">Files missing, truncated, or with a label outside 0..9.</exception>
    public static ImageSet LoadTrain(string root) => Load(TrainFiles(root));

    /// <summary>Loads the official test batch (10,000 images), never used by training or model selection.</summary>
    /// <exception cref="OfaExpException">The file is missing, truncated, or has a label outside 0..9.</exception>
    public static ImageSet LoadTest(string root) => Load(TestFiles(root));

    private static ImageSet Load(IReadOnlyList<string> files)
    {
        var info = Info;
        var sizes = files.Select(f => new FileInfo(f).Length).ToArray();
        for (var i = 0; i < files.Count; i++)
        {
            if (sizes[i] == 0 || sizes[i] % RecordSize != 0)
            {
                throw Corrupt(files[i], $"its {sizes[i]} bytes are not a whole number of {RecordSize}-byte records (1 label + 3072 pixels)");
            }
        }

        var count = checked((int)(sizes.Sum() / RecordSize));
        var labels = new byte[count];
        var pixels = new byte[checked(count * 3 * PlaneSize)];
        var record = new byte[RecordSize];
        var next = 0;
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            while (stream.ReadAtLeast(record, RecordSize, throwOnEndOfStream: false) == RecordSize)
            {
                if (record[0] >= info.NumClasses)
                {
                    throw Corrupt(file, $"record {next} has label {record[0]}, outside 0..{info.NumClasses - 1}");
                }

                labels[next] = record[0];
                PlanarToInterleaved(record.AsSpan(1), pixels.AsSpan(next * 3 * PlaneSize, 3 * PlaneSize));
                next++;
            }
        }

        return new ImageSet(pixels, labels, Side, Side, info.Channels, info.NumClasses);
    }

    // The files store one plane per colour; ImageSet (like the IDX files) keeps a pixel's channels together.
    private static void PlanarToInterleaved(ReadOnlySpan<byte> planes, Span<byte> hwc)
    {
        for (var p = 0; p < PlaneSize; p++)
        {
            hwc[3 * p] = planes[p];
            hwc[3 * p + 1] = planes[PlaneSize + p];
            hwc[3 * p + 2] = planes[2 * PlaneSize + p];
        }
    }

    private static string[] Existing(string root, IReadOnlyList<string> names)
    {
        var dir = string.IsNullOrWhiteSpace(root) ? Info.DefaultRoot : root;
        if (!Directory.Exists(dir))
        {
            throw Missing($"the directory '{dir}' does not exist");
        }

        // The archive extracts to cifar-10-batches-bin/; pointing data.root at its parent is a natural mistake.
        var nested = Path.Combine(dir, ArchiveFolder);
        if (!File.Exists(Path.Combine(dir, names[0])) && File.Exists(Path.Combine(nested, names[0])))
        {
            dir = nested;
        }

        var files = names.Select(n => Path.GetFullPath(Path.Combine(dir, n))).ToArray();
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw Missing($"'{file}' does not exist");
            }
        }

        return files;
    }

    private static OfaExpException Missing(string what) =>
        new($"CIFAR-10 was not found: {what}. It is not a Debian package: download the binary version ({DownloadUrl}), "
            + $"extract it and set data.root to the {ArchiveFolder} directory that holds data_batch_1.bin .. data_batch_5.bin "
            + $"and {TestFile} (or place it under {Info.DefaultRoot}).",
            ExitCodes.BadInput);

    private static OfaExpException Corrupt(string file, string what) =>
        new($"'{file}' is not a valid CIFAR-10 binary batch: {what}. The file is truncated or corrupt; download "
            + $"{DownloadUrl} again and extract it, or point data.root at an intact copy.",
            ExitCodes.BadInput);
}
