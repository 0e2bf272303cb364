using NetVips;

namespace OfaExp.Data.Tests;

/// <summary>
/// A small image_folder tree in a temp directory, written with libvips: train/ with classes "cat" (RGB JPEGs, one of
/// them a CMYK JPEG), "dog" (a grayscale JPEG, a PNG named .JPEG, a nested folder) and "emu" (one .jpg beside a .txt
/// and a .DS_Store), a symlink loop inside "dog", and val/&lt;class&gt;/ with one image per class. Each class's
/// colour is one dominant channel, so channel-order errors show.
/// </summary>
internal sealed class ImageFolderTree : IDisposable
{
    public static readonly (byte R, byte G, byte B)[] Colours = [(220, 40, 20), (30, 200, 60), (20, 50, 210)];

    public const byte Gray = 140;

    private readonly TempDir _dir = new();

    public ImageFolderTree()
    {
        WriteJpeg(File("train/cat/a.jpg"), Colours[0], 90, 120);
        WriteJpeg(File("train/cat/b.JPEG"), Colours[0], 300, 200);
        WriteCmykJpeg(File("train/cat/c_cmyk.jpg"), Colours[0], 64, 64);
        WriteGrayJpeg(File("train/dog/gray.jpg"), Gray, 80, 80);
        WritePng(File("train/dog/png_named.JPEG"), Colours[1], 70, 50);
        WriteJpeg(File("train/dog/nested/deep.jpeg"), Colours[1], 100, 100);
        WriteJpeg(File("train/emu/one.jpg"), Colours[2], 128, 96);
        System.IO.File.WriteAllText(File("train/emu/notes.txt"), "not an image\n");
        System.IO.File.WriteAllText(File("train/emu/.DS_Store"), "finder\n");

        // A loop: train/dog/nested/loop -> train/dog. The walk must enter train/dog once.
        System.IO.File.CreateSymbolicLink(File("train/dog/nested/loop"), File("train/dog"));
        for (var c = 0; c < 3; c++)
        {
            WriteJpeg(File($"val/{Classes[c]}/v{c}.jpg"), Colours[c], 96, 96);
        }
    }

    public static readonly string[] Classes = ["cat", "dog", "emu"];

    public string Path => _dir.Path;

    public string File(string relative)
    {
        var path = System.IO.Path.Combine(_dir.Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    public static Image Solid((byte R, byte G, byte B) colour, int width, int height) =>
        Image.Black(width, height).NewFromImage(colour.R, colour.G, colour.B)
            .Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb);

    public static void WriteJpeg(string path, (byte R, byte G, byte B) colour, int width, int height)
    {
        using var image = Solid(colour, width, height);
        image.Jpegsave(path, q: 95);
    }

    public static void WritePng(string path, (byte R, byte G, byte B) colour, int width, int height)
    {
        using var image = Solid(colour, width, height);
        image.Pngsave(path);
    }

    public static void WriteGrayJpeg(string path, byte value, int width, int height)
    {
        using var image = Image.Black(width, height).NewFromImage(value).Cast(Enums.BandFormat.Uchar)
            .Copy(interpretation: Enums.Interpretation.Bw);
        image.Jpegsave(path, q: 95);
    }

    /// <summary>A 4-channel CMYK JPEG, converted from sRGB through libvips's built-in CMYK profile.</summary>
    public static void WriteCmykJpeg(string path, (byte R, byte G, byte B) colour, int width, int height)
    {
        using var image = Solid(colour, width, height);
        using var cmyk = image.IccExport(outputProfile: "cmyk");
        cmyk.Jpegsave(path, q: 95);
    }

    public void Dispose() => _dir.Dispose();
}
