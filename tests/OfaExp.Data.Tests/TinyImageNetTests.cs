using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Data.Tests;

public class TinyImageNetTests
{
    // Solid colours survive JPEG at quality 100 up to rounding in the colour conversion.
    private const int Tolerance = 4;

    [Fact]
    public void Loads_train_images_by_class_in_wnids_order()
    {
        using var tree = new TinyImageNetTree();

        var train = TinyImageNet.LoadTrain(tree.Path, cacheDirectory: null);

        Assert.Equal(6, train.Count);
        Assert.Equal((64, 64, 3, 200), (train.Height, train.Width, train.Channels, train.NumClasses));
        Assert.Equal(new byte[] { 0, 0, 1, 1, 2, 2 }, train.Labels.ToArray());
    }

    [Fact]
    public void Pixels_are_interleaved_rgb_in_the_files_channel_order()
    {
        using var tree = new TinyImageNetTree();

        var train = TinyImageNet.LoadTrain(tree.Path, cacheDirectory: null);

        foreach (var (index, cls) in new[] { (0, 0), (1, 0), (2, 1), (4, 2), (5, 2) })
        {
            AssertSolid(train.Image(index), TinyImageNetTree.ClassColours[cls]);
        }
    }

    [Fact]
    public void A_grayscale_jpeg_becomes_three_equal_channels()
    {
        using var tree = new TinyImageNetTree();

        var train = TinyImageNet.LoadTrain(tree.Path, cacheDirectory: null);

        const byte g = TinyImageNetTree.GrayValue;
        AssertSolid(train.Image(3), (g, g, g));
    }

    [Fact]
    public void The_val_folder_is_the_held_out_split_labelled_by_its_annotations()
    {
        using var tree = new TinyImageNetTree();

        var test = TinyImageNet.LoadTest(tree.Path, cacheDirectory: null);

        Assert.Equal(new byte[] { 2, 1, 0 }, test.Labels.ToArray());
        AssertSolid(test.Image(0), TinyImageNetTree.ClassColours[2]);
        AssertSolid(test.Image(2), TinyImageNetTree.ClassColours[0]);
    }

    [Fact]
    public void The_archive_folder_inside_data_root_is_found()
    {
        using var parent = new TempDir();
        using var tree = new TinyImageNetTree();
        Directory.Move(tree.Path, parent.File(TinyImageNet.ArchiveFolder));
        Directory.CreateDirectory(tree.Path);

        Assert.Equal([parent.File($"{TinyImageNet.ArchiveFolder}/wnids.txt")], TinyImageNet.TrainFiles(parent.Path));
        Assert.Equal(6, TinyImageNet.LoadTrain(parent.Path, cacheDirectory: null).Count);
    }

    [Fact]
    public void A_missing_directory_names_the_path_the_download_and_data_root()
    {
        var missing = "/nonexistent/ofaexp/tiny-imagenet";

        var e = Assert.Throws<OfaExpException>(() => TinyImageNet.LoadTrain(missing, cacheDirectory: null));

        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(missing, e.Message);
        Assert.Contains(TinyImageNet.DownloadUrl, e.Message);
        Assert.Contains("data.root", e.Message);
    }

    [Fact]
    public void A_missing_class_folder_names_the_folder_and_the_class()
    {
        using var tree = new TinyImageNetTree();
        Directory.Delete(tree.File($"train/{TinyImageNetTree.Wnids[1]}"), recursive: true);

        var e = Assert.Throws<OfaExpException>(() => TinyImageNet.LoadTrain(tree.Path, cacheDirectory: null));

        Assert.Contains(tree.File($"train/{TinyImageNetTree.Wnids[1]}/images"), e.Message);
        Assert.Contains(TinyImageNetTree.Wnids[1], e.Message);
    }

    [Fact]
    public void An_annotation_naming_an_unknown_class_names_the_file_line_and_class()
    {
        using var tree = new TinyImageNetTree();
        File.AppendAllLines(tree.File("val/val_annotations.txt"), ["val_0.JPEG\tn99999999\t0\t0\t1\t1"]);

        var e = Assert.Throws<OfaExpException>(() => TinyImageNet.LoadTest(tree.Path, cacheDirectory: null));

        Assert.Contains(tree.File("val/val_annotations.txt"), e.Message);
        Assert.Contains("line 4", e.Message);
        Assert.Contains("n99999999", e.Message);
    }

    [Fact]
    public void An_annotation_naming_a_missing_image_names_the_image()
    {
        using var tree = new TinyImageNetTree();
        File.Delete(tree.File("val/images/val_1.JPEG"));

        var e = Assert.Throws<OfaExpException>(() => TinyImageNet.LoadTest(tree.Path, cacheDirectory: null));

        Assert.Contains(tree.File("val/images/val_1.JPEG"), e.Message);
        Assert.Contains("data.root", e.Message);
    }

    [Fact]
    public void An_undecodable_jpeg_names_the_file()
    {
        using var tree = new TinyImageNetTree();
        File.WriteAllBytes(tree.TrainImage(2, 0), [1, 2, 3, 4, 5, 6, 7, 8]);

        var e = Assert.Throws<OfaExpException>(() => TinyImageNet.LoadTrain(tree.Path, cacheDirectory: null));

        Assert.Contains(tree.TrainImage(2, 0), e.Message);
        Assert.Contains("could not be decoded", e.Message);
        Assert.Contains(TinyImageNet.DownloadUrl, e.Message);
    }

    [Fact]
    public void An_image_of_another_size_names_the_file_and_both_sizes()
    {
        using var tree = new TinyImageNetTree();
        TinyImageNetTree.WriteJpeg(tree.TrainImage(0, 1), (1, 2, 3), side: 32);

        var e = Assert.Throws<OfaExpException>(() => TinyImageNet.LoadTrain(tree.Path, cacheDirectory: null));

        Assert.Contains(tree.TrainImage(0, 1), e.Message);
        Assert.Contains("32 x 32 pixels, not 64 x 64", e.Message);
    }

    [Fact]
    public void The_first_bad_image_in_load_order_is_reported()
    {
        using var tree = new TinyImageNetTree();
        foreach (var (cls, index) in new[] { (0, 1), (1, 0), (2, 1) })
        {
            File.WriteAllBytes(tree.TrainImage(cls, index), [0xff, 0xd8, 0xff]);
        }

        var e = Assert.Throws<OfaExpException>(() => TinyImageNet.LoadTrain(tree.Path, cacheDirectory: null));

        Assert.Contains(tree.TrainImage(0, 1), e.Message);
    }

    [Fact]
    public void A_second_load_reads_the_cache_and_a_changed_image_invalidates_it()
    {
        using var tree = new TinyImageNetTree();
        using var cache = new TempDir();
        var first = TinyImageNet.LoadTrain(tree.Path, cache.Path);
        var file = Assert.Single(Directory.GetFiles(cache.Path));
        Assert.StartsWith("tiny-imagenet-train-", Path.GetFileName(file), StringComparison.Ordinal);

        // Mark the cached pixels: a load that returns the mark was served from the cache, not decoded.
        var bytes = File.ReadAllBytes(file);
        bytes[^1] = 7;
        File.WriteAllBytes(file, bytes);
        var second = TinyImageNet.LoadTrain(tree.Path, cache.Path);
        Assert.Equal(first.Labels.ToArray(), second.Labels.ToArray());
        Assert.Equal(7, second.Pixels[^1]);

        TinyImageNetTree.WriteJpeg(tree.TrainImage(2, 1), (5, 250, 5));
        File.SetLastWriteTimeUtc(tree.TrainImage(2, 1), DateTime.UtcNow.AddMinutes(1));
        var third = TinyImageNet.LoadTrain(tree.Path, cache.Path);
        AssertSolid(third.Image(5), (5, 250, 5));
        Assert.Equal(2, Directory.GetFiles(cache.Path).Length);
    }

    [Fact]
    public void The_fingerprint_follows_wnids_and_the_train_images_but_not_the_location()
    {
        using var a = new TinyImageNetTree();
        using var b = new TinyImageNetTree();
        var spec = new DataSpec(TinyImageNet.Name, a.Path, 0, 0.25, 3, AugmentSpec.None);
        var before = DatasetFingerprint.Compute(spec);

        Assert.Equal([a.File("wnids.txt")], DatasetCatalog.TrainFiles(spec));
        Assert.Equal(before, DatasetFingerprint.Compute(spec with { Root = b.Path }));

        // An edited image (another size) changes it.
        File.AppendAllBytes(a.TrainImage(1, 0), [0]);
        var replaced = DatasetFingerprint.Compute(spec);
        Assert.NotEqual(before, replaced);

        // Swapping two classes relabels every image: wnids.txt's content changes, the image files do not.
        File.WriteAllLines(b.File("wnids.txt"), [TinyImageNetTree.Wnids[1], TinyImageNetTree.Wnids[0], TinyImageNetTree.Wnids[2]]);
        File.SetLastWriteTimeUtc(b.File("wnids.txt"), DateTime.UtcNow.AddMinutes(1));
        Assert.NotEqual(before, DatasetFingerprint.Compute(spec with { Root = b.Path }));

        // val/ is the test split that scores reported subnets, so an edited val image changes it too.
        File.AppendAllBytes(a.File("val/images/val_2.JPEG"), [0]);
        Assert.NotEqual(replaced, DatasetFingerprint.Compute(spec));
    }

    [Fact]
    public void The_catalog_uses_imagenet_normalisation()
    {
        var stats = DatasetCatalog.Normalization(TinyImageNet.Name);

        Assert.Equal([0.485f, 0.456f, 0.406f], stats.Mean);
        Assert.Equal(DatasetInfo.Get(TinyImageNet.Name).Channels, stats.Channels);
    }

    private static void AssertSolid(ReadOnlySpan<byte> image, (byte R, byte G, byte B) colour)
    {
        Assert.Equal(64 * 64 * 3, image.Length);
        byte[] expected = [colour.R, colour.G, colour.B];
        for (var i = 0; i < image.Length; i++)
        {
            Assert.InRange(image[i], expected[i % 3] - Tolerance, expected[i % 3] + Tolerance);
        }
    }
}
