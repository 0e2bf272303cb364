using OfaExp.Core.Spec;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

public class ImageFolderFingerprintTests
{
    private static DataSpec Spec(string root) => new(ImageFolderLayout.Name, root, 0, 0.1, 7, new AugmentSpec(0, true, 0.08));

    [Fact]
    public void The_fingerprint_follows_the_manifests_of_train_and_val_not_the_location()
    {
        using var tree = new ImageFolderTree();
        var before = DatasetFingerprint.Compute(Spec(tree.Path));
        Assert.Equal(before, DatasetFingerprint.Compute(Spec(tree.Path)));

        // Moved elsewhere: the same relative paths, sizes and labels.
        using var copy = new TempDir();
        foreach (var file in Directory.EnumerateFiles(tree.Path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            var target = Path.Combine(copy.Path, Path.GetRelativePath(tree.Path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        Assert.Equal(before, DatasetFingerprint.Compute(Spec(copy.Path)));

        ImageFolderTree.WriteJpeg(tree.File("val/emu/v9.jpg"), ImageFolderTree.Colours[2], 50, 50);
        var withVal = DatasetFingerprint.Compute(Spec(tree.Path));
        Assert.NotEqual(before, withVal);

        // Relabelled: the same file under another class.
        File.Move(tree.File("train/cat/a.jpg"), tree.File("train/dog/a.jpg"));
        Assert.NotEqual(withVal, DatasetFingerprint.Compute(Spec(tree.Path)));
    }

    [Fact]
    public void The_in_memory_loaders_refuse_a_streamed_data_set()
    {
        using var tree = new ImageFolderTree();
        var e = Assert.Throws<InvalidOperationException>(() => DatasetCatalog.LoadTrain(Spec(tree.Path)));
        Assert.Contains("streamed", e.Message);
    }

    [Fact]
    public void Classes_are_counted_from_the_folders_and_imagenet_needs_all_1000()
    {
        using var tree = new ImageFolderTree();
        var spec = DatasetCatalog.WithCounts(Spec(tree.Path));
        var layout = ImageFolderLayout.Open(tree.Path);
        Assert.Equal((layout.Classes.Count, layout.Train.Count, layout.Val.Count), (spec.Info.NumClasses, spec.Info.TrainImages, spec.Info.TestImages));
        Assert.Equal(3, spec.Info.Channels);

        var imagenet = Spec(tree.Path) with { Dataset = DatasetInfo.ImageNet };
        Assert.Same(imagenet, DatasetCatalog.WithCounts(imagenet));
        var e = Assert.Throws<Core.Errors.OfaExpException>(() => DatasetFingerprint.Compute(imagenet));
        Assert.Equal(Core.Errors.ExitCodes.BadInput, e.ExitCode);
        Assert.Contains("ImageNet has 1000", e.Message);
        Assert.Contains(Path.Combine(tree.Path, "train"), e.Message);
    }
}
