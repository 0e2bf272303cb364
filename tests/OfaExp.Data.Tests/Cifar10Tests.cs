using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Data.Tests;

public class Cifar10Tests
{
    [Fact]
    public void Loads_every_train_batch_in_order_as_three_channel_32x32_images()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.Path);

        var train = Cifar10.LoadTrain(dir.Path);

        Assert.Equal(7, train.Count);
        Assert.Equal((32, 32, 3, 10), (train.Height, train.Width, train.Channels, train.NumClasses));
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5, 6 }, train.Labels.ToArray());
    }

    [Fact]
    public void Colour_planes_become_interleaved_rgb_pixels()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.Path);

        var train = Cifar10.LoadTrain(dir.Path);

        // ImageSet is H x W x C: pixel (y, x) channel c sits at (y * 32 + x) * 3 + c.
        foreach (var record in new[] { 0, 3, 6 })
        {
            var image = train.Image(record);
            foreach (var (y, x) in new[] { (0, 0), (0, 1), (1, 0), (31, 31), (17, 5) })
            {
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(CifarBatchFile.Pixel(record, c, y, x), image[(y * 32 + x) * 3 + c]);
                }
            }
        }
    }

    [Fact]
    public void The_test_batch_is_the_held_out_split()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.Path);

        var test = Cifar10.LoadTest(dir.Path);

        Assert.Equal(new byte[] { 9, 8 }, test.Labels.ToArray());
        Assert.Equal(CifarBatchFile.Pixel(101, 2, 4, 9), test.Image(1)[(4 * 32 + 9) * 3 + 2]);
    }

    [Fact]
    public void The_archive_folder_inside_data_root_is_found()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.File(Cifar10.ArchiveFolder));

        var files = Cifar10.TrainFiles(dir.Path);

        Assert.Equal(Path.Combine(dir.Path, Cifar10.ArchiveFolder, "data_batch_1.bin"), files[0]);
        Assert.Equal(7, Cifar10.LoadTrain(dir.Path).Count);
    }

    [Fact]
    public void The_catalog_dispatches_to_cifar_10()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.Path);
        var spec = new DataSpec(Cifar10.Name, dir.Path, 0, 0.25, 3, AugmentSpec.None);

        var split = DataSplitter.Split(DatasetCatalog.LoadTrain(spec), spec);

        Assert.Equal(5, DatasetCatalog.TrainFiles(spec).Count);
        Assert.Null(DatasetCatalog.TrainManifest(spec));
        Assert.Equal(2, DatasetCatalog.LoadTest(spec).Count);
        Assert.Equal((5, 2), (split.Train.Count, split.Validation.Count));
        Assert.Equal(3, DatasetCatalog.Normalization(Cifar10.Name).Channels);
        Assert.Equal(DatasetInfo.Get(Cifar10.Name).Channels, DatasetCatalog.Normalization(Cifar10.Name).Channels);
    }

    [Fact]
    public void A_missing_directory_names_the_path_the_download_and_data_root()
    {
        var missing = "/nonexistent/ofaexp/cifar-10";

        var e = Assert.Throws<OfaExpException>(() => Cifar10.LoadTrain(missing));

        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(missing, e.Message);
        Assert.Contains(Cifar10.DownloadUrl, e.Message);
        Assert.Contains("data.root", e.Message);
    }

    [Fact]
    public void A_missing_batch_names_the_file()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.Path);
        File.Delete(dir.File("data_batch_3.bin"));

        var e = Assert.Throws<OfaExpException>(() => Cifar10.LoadTrain(dir.Path));

        Assert.Contains(dir.File("data_batch_3.bin"), e.Message);
    }

    [Fact]
    public void A_truncated_batch_names_the_file_and_the_record_size()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.Path);
        var bytes = File.ReadAllBytes(dir.File("data_batch_5.bin"));
        File.WriteAllBytes(dir.File("data_batch_5.bin"), bytes[..^100]);

        var e = Assert.Throws<OfaExpException>(() => Cifar10.LoadTrain(dir.Path));

        Assert.Contains(dir.File("data_batch_5.bin"), e.Message);
        Assert.Contains("3073-byte records", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void A_label_outside_the_ten_classes_is_rejected()
    {
        using var dir = new TempDir();
        CifarBatchFile.WriteTree(dir.Path);
        CifarBatchFile.Write(dir.File("data_batch_2.bin"), 2, 10);

        var e = Assert.Throws<OfaExpException>(() => Cifar10.LoadTrain(dir.Path));

        Assert.Contains(dir.File("data_batch_2.bin"), e.Message);
        Assert.Contains("label 10", e.Message);
    }

    [Fact]
    public void The_fingerprint_covers_every_train_batch_but_not_the_location()
    {
        using var a = new TempDir();
        using var b = new TempDir();
        CifarBatchFile.WriteTree(a.Path);
        CifarBatchFile.WriteTree(b.Path);
        var spec = new DataSpec(Cifar10.Name, a.Path, 0, 0.25, 3, AugmentSpec.None);
        var before = DatasetFingerprint.Compute(spec);

        Assert.Equal(before, DatasetFingerprint.Compute(spec with { Root = b.Path }));

        var bytes = File.ReadAllBytes(a.File("data_batch_4.bin"));
        bytes[500] ^= 0xff;
        File.WriteAllBytes(a.File("data_batch_4.bin"), bytes);
        File.SetLastWriteTimeUtc(a.File("data_batch_4.bin"), DateTime.UtcNow.AddMinutes(1));

        Assert.NotEqual(before, DatasetFingerprint.Compute(spec));
    }
}
