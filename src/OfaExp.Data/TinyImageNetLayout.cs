using System.Globalization;

namespace OfaExp.Data;

/// <summary>
/// The files of a tiny-imagenet-200/ directory: wnids.txt (one class id per line; the line order is the class index),
/// train/&lt;wnid&gt;/images/*.JPEG and val/images/*.JPEG labelled by val/val_annotations.txt. Lists files without
/// reading images, in a fixed order: classes in wnids.txt order, then file names in ordinal order; val in
/// annotation order.
/// </summary>
internal sealed class TinyImageNetLayout
{
    public const string WnidsFile = "wnids.txt";
    public const string ValAnnotationsFile = "val/val_annotations.txt";

    private TinyImageNetLayout(string directory, IReadOnlyList<string> wnids)
    {
        Directory = directory;
        Wnids = wnids;
    }

    /// <summary>The full path of the directory that holds wnids.txt.</summary>
    public string Directory { get; }

    public IReadOnlyList<string> Wnids { get; }

    public string WnidsPath => Path.Combine(Directory, WnidsFile);

    public string ValAnnotationsPath => Path.Combine(Directory, ValAnnotationsFile);

    /// <exception cref="Core.Errors.OfaExpException">The directory or wnids.txt is missing or wnids.txt is invalid.</exception>
    public static TinyImageNetLayout Open(string dir, int maxClasses)
    {
        if (!System.IO.Directory.Exists(dir))
        {
            throw TinyImageNet.Missing($"the directory '{dir}' does not exist");
        }

        // The archive extracts to tiny-imagenet-200/; pointing data.root at its parent is a natural mistake.
        var nested = Path.Combine(dir, TinyImageNet.ArchiveFolder);
        if (!File.Exists(Path.Combine(dir, WnidsFile)) && File.Exists(Path.Combine(nested, WnidsFile)))
        {
            dir = nested;
        }

        dir = Path.GetFullPath(dir);
        var wnidsPath = Path.Combine(dir, WnidsFile);
        if (!File.Exists(wnidsPath))
        {
            throw TinyImageNet.Missing($"'{wnidsPath}' does not exist");
        }

        var wnids = File.ReadAllLines(wnidsPath).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (wnids.Count == 0 || wnids.Count > maxClasses)
        {
            throw TinyImageNet.Invalid(wnidsPath, $"it lists {wnids.Count} class ids; expected 1 to {maxClasses}");
        }

        var duplicate = wnids.GroupBy(w => w, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw TinyImageNet.Invalid(wnidsPath, $"the class id '{duplicate.Key}' appears more than once");
        }

        return new TinyImageNetLayout(dir, wnids);
    }

    /// <exception cref="Core.Errors.OfaExpException">A class folder is missing or holds no images.</exception>
    public IReadOnlyList<ImageFileEntry> TrainImages()
    {
        var entries = new List<ImageFileEntry>();
        for (var label = 0; label < Wnids.Count; label++)
        {
            var wnid = Wnids[label];
            var images = Path.Combine(Directory, "train", wnid, "images");
            if (!System.IO.Directory.Exists(images))
            {
                throw TinyImageNet.Missing($"the train folder '{images}' of class {wnid} (listed in {WnidsFile}) does not exist");
            }

            var names = System.IO.Directory.EnumerateFiles(images)
                .Select(Path.GetFileName)
                .OfType<string>()
                .Where(IsJpegName)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (names.Count == 0)
            {
                throw TinyImageNet.Missing($"the train folder '{images}' of class {wnid} holds no .JPEG images");
            }

            foreach (var name in names)
            {
                entries.Add(new ImageFileEntry($"train/{wnid}/images/{name}", Path.Combine(images, name), (byte)label));
            }
        }

        return entries;
    }

    /// <exception cref="Core.Errors.OfaExpException">The annotations are missing or malformed, name an unknown class or a missing image.</exception>
    public IReadOnlyList<ImageFileEntry> ValImages()
    {
        var annotations = ValAnnotationsPath;
        if (!File.Exists(annotations))
        {
            throw TinyImageNet.Missing($"'{annotations}' does not exist");
        }

        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Wnids.Count; i++)
        {
            labels[Wnids[i]] = i;
        }

        var entries = new List<ImageFileEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(annotations);
        for (var n = 0; n < lines.Length; n++)
        {
            if (lines[n].Trim().Length == 0)
            {
                continue;
            }

            var line = (n + 1).ToString(CultureInfo.InvariantCulture);
            var fields = lines[n].Split('\t');
            if (fields.Length < 2 || fields[0].Length == 0 || fields[0] != Path.GetFileName(fields[0]))
            {
                throw TinyImageNet.Invalid(annotations, $"line {line} is not '<file name> TAB <wnid> ...'");
            }

            if (!labels.TryGetValue(fields[1], out var label))
            {
                throw TinyImageNet.Invalid(annotations, $"line {line} names the class '{fields[1]}', which {WnidsFile} does not list");
            }

            if (!seen.Add(fields[0]))
            {
                throw TinyImageNet.Invalid(annotations, $"line {line} lists '{fields[0]}' a second time");
            }

            var path = Path.Combine(Directory, "val", "images", fields[0]);
            if (!File.Exists(path))
            {
                throw TinyImageNet.Missing($"'{path}' (line {line} of {annotations}) does not exist");
            }

            entries.Add(new ImageFileEntry($"val/images/{fields[0]}", path, (byte)label));
        }

        if (entries.Count == 0)
        {
            throw TinyImageNet.Invalid(annotations, "it lists no images");
        }

        return entries;
    }

    private static bool IsJpegName(string name) =>
        name.EndsWith(".JPEG", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase);
}
