using StbImageWriteSharp;

namespace OfaExp.Data.Tests;

/// <summary>
/// A small tiny-imagenet-200 directory: 3 classes of 2 solid-colour 64 x 64 train JPEGs each (the second image of
/// class 1 grayscale) and 3 val images, one per class in reverse class order.
/// </summary>
internal sealed class TinyImageNetTree : IDisposable
{
    public static readonly string[] Wnids = ["n01443537", "n01629819", "n01641577"];

    /// <summary>The colour of every train image of a class: one channel dominant, so channel order errors show.</summary>
    public static readonly (byte R, byte G, byte B)[] ClassColours = [(220, 40, 20), (30, 200, 60), (20, 50, 210)];

    public const byte GrayValue = 140;

    private readonly TempDir _dir = new();

    public TinyImageNetTree()
    {
        System.IO.File.WriteAllLines(File("wnids.txt"), Wnids);
        for (var c = 0; c < Wnids.Length; c++)
        {
            Directory.CreateDirectory(File($"train/{Wnids[c]}/images"));
            WriteJpeg(TrainImage(c, 0), ClassColours[c]);
            if (c == 1)
            {
                WriteGrayJpeg(TrainImage(c, 1), GrayValue);
            }
            else
            {
                WriteJpeg(TrainImage(c, 1), ClassColours[c]);
            }

            // Not images: the layout's bounding-box file sits next to images/ and must be ignored.
            System.IO.File.WriteAllText(File($"train/{Wnids[c]}/{Wnids[c]}_boxes.txt"), "ignored\n");
        }

        Directory.CreateDirectory(File("val/images"));
        var annotations = new List<string>();
        for (var i = 0; i < Wnids.Length; i++)
        {
            var c = Wnids.Length - 1 - i;
            WriteJpeg(File($"val/images/val_{i}.JPEG"), ClassColours[c]);
            annotations.Add($"val_{i}.JPEG\t{Wnids[c]}\t0\t0\t63\t63");
        }

        System.IO.File.WriteAllLines(File("val/val_annotations.txt"), annotations);
    }

    public string Path => _dir.Path;

    public string File(string relative) => System.IO.Path.Combine(_dir.Path, relative);

    public string TrainImage(int cls, int index) => File($"train/{Wnids[cls]}/images/{Wnids[cls]}_{index}.JPEG");

    public static void WriteJpeg(string path, (byte R, byte G, byte B) colour, int side = 64)
    {
        var pixels = new byte[side * side * 3];
        for (var p = 0; p < side * side; p++)
        {
            (pixels[3 * p], pixels[3 * p + 1], pixels[3 * p + 2]) = colour;
        }

        using var stream = System.IO.File.Create(path);
        new ImageWriter().WriteJpg(pixels, side, side, ColorComponents.RedGreenBlue, stream, 100);
    }

    public static void WriteGrayJpeg(string path, byte value)
    {
        var pixels = new byte[64 * 64];
        Array.Fill(pixels, value);
        using var stream = System.IO.File.Create(path);
        new ImageWriter().WriteJpg(pixels, 64, 64, ColorComponents.Grey, stream, 100);
    }

    public void Dispose() => _dir.Dispose();
}
