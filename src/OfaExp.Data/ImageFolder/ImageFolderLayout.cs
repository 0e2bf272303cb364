using System.Globalization;
using System.Text;
using OfaExp.Core.Errors;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// An image_folder data set, torchvision's ImageFolder convention: ROOT/train/&lt;class&gt;/** and either
/// ROOT/val/&lt;class&gt;/** or a flat ROOT/val/ labelled by ROOT/val/labels.csv (lines "file_name,class"). Classes
/// are train's folder names in ordinal order; class i is label i. Built by walking the tree (names and sizes, no
/// image is read; see <see cref="ImageFolderWalk"/>). Rules, each an exit 2 naming the folder or line, because a
/// silent fix would change the labels or the class count the network is built with: a train class folder with no
/// image, a val class folder or labels line whose class is not a train class, and a labels line naming a missing
/// file. A missing val/ is allowed (no held-out split).
/// </summary>
public sealed class ImageFolderLayout
{
    public const string Name = "image_folder";
    public const string TrainFolder = "train";
    public const string ValFolder = "val";
    public const string ValLabelsFile = "labels.csv";

    private ImageFolderLayout(
        string root, IReadOnlyList<string> classes, IReadOnlyList<FolderImage> train, IReadOnlyList<FolderImage> val, int skipped, IReadOnlyList<string> listed)
    {
        Root = root;
        Classes = classes;
        Train = train;
        Val = val;
        SkippedFiles = skipped;
        Listed = listed;
    }

    /// <summary>The full path of the data set root (the directory that holds train/).</summary>
    public string Root { get; }

    public IReadOnlyList<string> Classes { get; }

    /// <summary>Train images, by class, then by relative path (ordinal).</summary>
    public IReadOnlyList<FolderImage> Train { get; }

    /// <summary>Val images: by class then path for val/&lt;class&gt;/, in labels.csv's order for a flat val/; empty without val/.</summary>
    public IReadOnlyList<FolderImage> Val { get; }

    /// <summary>Files the walk left out for their names (not .jpg/.jpeg/.png, hidden) or as dangling links.</summary>
    public int SkippedFiles { get; }

    /// <summary>
    /// Every directory whose listing the layout was read from, and val/labels.csv if there is one: adding, removing
    /// or renaming an image, a class or a labels line touches one of them (<see cref="FolderListings"/>).
    /// </summary>
    internal IReadOnlyList<string> Listed { get; }

    /// <exception cref="OfaExpException">The layout is missing or breaks one of the rules above (exit 2).</exception>
    public static ImageFolderLayout Open(string root)
    {
        if (string.IsNullOrWhiteSpace(root))
        {
            throw new OfaExpException($"data.root is not set: {Name} needs the directory that holds train/<class>/ folders of images.", ExitCodes.BadInput);
        }

        root = Path.GetFullPath(root);
        var trainDir = Path.Combine(root, TrainFolder);
        if (!Directory.Exists(trainDir))
        {
            throw new OfaExpException(
                $"'{trainDir}' does not exist: data.root of an {Name} data set must hold train/<class>/ folders of JPEG or PNG "
                + "images (and optionally val/). Point data.root at that directory.",
                ExitCodes.BadInput);
        }

        var classes = Directory.EnumerateDirectories(trainDir)
            .Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (classes.Count == 0)
        {
            throw new OfaExpException($"'{trainDir}' holds no class folders: put each class's images in train/<class>/.", ExitCodes.BadInput);
        }

        var skipped = 0;
        var listed = new List<string> { root, trainDir };
        var train = new List<FolderImage>();
        for (var label = 0; label < classes.Count; label++)
        {
            var folder = Path.Combine(trainDir, classes[label]);
            var (files, skip, directories) = ImageFolderWalk.Images(folder, $"{TrainFolder}/{classes[label]}");
            skipped += skip;
            listed.AddRange(directories);
            if (files.Count == 0)
            {
                throw new OfaExpException(
                    $"The class folder '{folder}' holds no .jpg, .jpeg or .png image. Add images to it or remove it "
                    + "(every train folder is a class, and a class without images cannot be learned).",
                    ExitCodes.BadInput);
            }

            train.AddRange(files.Select(f => new FolderImage(f.Relative, f.Full, f.Size, label)));
        }

        var val = new List<FolderImage>();
        var valDir = Path.Combine(root, ValFolder);
        if (Directory.Exists(valDir))
        {
            listed.Add(valDir);
            var labelsFile = Path.Combine(valDir, ValLabelsFile);
            if (File.Exists(labelsFile))
            {
                listed.Add(labelsFile);
                skipped += ReadFlatVal(valDir, classes, val);
            }
            else
            {
                skipped += ReadClassVal(valDir, classes, val, listed);
            }
        }

        return new ImageFolderLayout(root, classes, train, val, skipped, listed);
    }

    /// <summary>
    /// One line "relative path TAB size TAB label" per image, in load order: what the data fingerprint hashes, as for
    /// Tiny ImageNet (adding, removing, renaming, relabelling or re-encoding an image changes it; an in-place edit that
    /// keeps the byte count does not; modification times are left out so a copied data set keeps run ids).
    /// </summary>
    public static string Manifest(IEnumerable<FolderImage> images)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        foreach (var image in images)
        {
            sb.Append(image.RelativePath).Append('\t').Append(image.Size.ToString(inv)).Append('\t').Append(image.Label.ToString(inv)).Append('\n');
        }

        return sb.ToString();
    }

    private static int ReadClassVal(string valDir, IReadOnlyList<string> classes, List<FolderImage> val, List<string> listed)
    {
        var labels = LabelsOf(classes);
        var skipped = 0;
        foreach (var folder in Directory.EnumerateDirectories(valDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (name.StartsWith('.'))
            {
                continue;
            }

            if (!labels.TryGetValue(name, out var label))
            {
                throw new OfaExpException(
                    $"The val class folder '{folder}' has no train/{name}/ folder, so it has no label. Rename it to a train class "
                    + "or remove it.",
                    ExitCodes.BadInput);
            }

            var (files, skip, directories) = ImageFolderWalk.Images(folder, $"{ValFolder}/{name}");
            skipped += skip;
            listed.AddRange(directories);
            val.AddRange(files.Select(f => new FolderImage(f.Relative, f.Full, f.Size, label)));
        }

        // Class order, not folder order: the same as train's, whatever the folder names sort to.
        val.Sort((a, b) => a.Label != b.Label ? a.Label.CompareTo(b.Label) : string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return skipped;
    }

    private static int ReadFlatVal(string valDir, IReadOnlyList<string> classes, List<FolderImage> val)
    {
        var labelsPath = Path.Combine(valDir, ValLabelsFile);
        var labels = LabelsOf(classes);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = File.ReadAllLines(labelsPath);
        for (var n = 0; n < lines.Length; n++)
        {
            var text = lines[n].Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var where = $"line {(n + 1).ToString(CultureInfo.InvariantCulture)} of '{labelsPath}'";
            var comma = text.LastIndexOf(',');
            var file = comma > 0 ? text[..comma].Trim() : "";
            var cls = comma > 0 ? text[(comma + 1)..].Trim() : "";
            if (file.Length == 0 || cls.Length == 0 || file.Contains('/') || file.Contains('\\'))
            {
                throw new OfaExpException($"{where} is not 'file_name,class' (a file directly in val/, a train class folder name).", ExitCodes.BadInput);
            }

            if (!labels.TryGetValue(cls, out var label))
            {
                throw new OfaExpException($"{where} names the class '{cls}', which has no train/{cls}/ folder. Fix the line or remove it.", ExitCodes.BadInput);
            }

            var path = Path.Combine(valDir, file);
            if (ImageFolderWalk.Size(path) is not { } size)
            {
                throw new OfaExpException($"{where} names '{path}', which does not exist. Add the image or remove the line.", ExitCodes.BadInput);
            }

            if (!seen.Add(file))
            {
                throw new OfaExpException($"{where} lists '{file}' a second time. Keep one line per image.", ExitCodes.BadInput);
            }

            val.Add(new FolderImage($"{ValFolder}/{file}", path, size, label));
        }

        return 0;
    }

    private static Dictionary<string, int> LabelsOf(IReadOnlyList<string> classes)
    {
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < classes.Count; i++)
        {
            labels[classes[i]] = i;
        }

        return labels;
    }
}
