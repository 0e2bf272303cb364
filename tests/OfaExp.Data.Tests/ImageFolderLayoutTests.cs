using OfaExp.Core.Errors;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

public class ImageFolderLayoutTests
{
    [Fact]
    public void Classes_are_sorted_train_folders_and_the_walk_skips_non_images_and_survives_a_symlink_loop()
    {
        using var tree = new ImageFolderTree();
        var layout = ImageFolderLayout.Open(tree.Path);

        Assert.Equal(ImageFolderTree.Classes, layout.Classes);
        Assert.Equal(
            ["train/cat/a.jpg", "train/cat/b.JPEG", "train/cat/c_cmyk.jpg", "train/dog/gray.jpg", "train/dog/nested/deep.jpeg",
             "train/dog/png_named.JPEG", "train/emu/one.jpg"],
            layout.Train.Select(i => i.RelativePath));
        Assert.Equal([0, 0, 0, 1, 1, 1, 2], layout.Train.Select(i => i.Label));
        Assert.All(layout.Train, i => Assert.Equal(new FileInfo(i.FullPath).Length, i.Size));

        // notes.txt and .DS_Store; the loop link is a directory already visited, not a file.
        Assert.Equal(2, layout.SkippedFiles);
        Assert.Equal(["val/cat/v0.jpg", "val/dog/v1.jpg", "val/emu/v2.jpg"], layout.Val.Select(i => i.RelativePath));
        Assert.Equal([0, 1, 2], layout.Val.Select(i => i.Label));
    }

    [Fact]
    public void The_manifest_lists_path_size_and_label_and_changes_when_an_image_is_added()
    {
        using var tree = new ImageFolderTree();
        var before = ImageFolderLayout.Manifest(ImageFolderLayout.Open(tree.Path).Train);
        Assert.StartsWith($"train/cat/a.jpg\t{new FileInfo(tree.File("train/cat/a.jpg")).Length}\t0\n", before);
        Assert.Equal(before, ImageFolderLayout.Manifest(ImageFolderLayout.Open(tree.Path).Train));

        ImageFolderTree.WriteJpeg(tree.File("train/emu/two.jpg"), ImageFolderTree.Colours[2], 32, 32);
        Assert.NotEqual(before, ImageFolderLayout.Manifest(ImageFolderLayout.Open(tree.Path).Train));
    }

    [Fact]
    public void A_symlinked_image_counts_with_its_targets_size_and_a_dangling_link_is_skipped()
    {
        using var tree = new ImageFolderTree();
        using var elsewhere = new TempDir();
        ImageFolderTree.WriteJpeg(elsewhere.File("x.jpg"), ImageFolderTree.Colours[0], 40, 40);
        File.CreateSymbolicLink(tree.File("train/emu/linked.jpg"), elsewhere.File("x.jpg"));
        File.CreateSymbolicLink(tree.File("train/emu/gone.jpg"), elsewhere.File("missing.jpg"));

        var layout = ImageFolderLayout.Open(tree.Path);

        var linked = Assert.Single(layout.Train, i => i.RelativePath == "train/emu/linked.jpg");
        Assert.Equal(new FileInfo(elsewhere.File("x.jpg")).Length, linked.Size);
        Assert.DoesNotContain(layout.Train, i => i.RelativePath == "train/emu/gone.jpg");
        Assert.Equal(3, layout.SkippedFiles);
    }

    [Fact]
    public void A_symlinked_class_folder_is_followed()
    {
        using var tree = new ImageFolderTree();
        using var elsewhere = new TempDir();
        ImageFolderTree.WriteJpeg(elsewhere.File("x.jpg"), ImageFolderTree.Colours[0], 40, 40);
        File.CreateSymbolicLink(tree.File("train/fox"), elsewhere.Path);

        var layout = ImageFolderLayout.Open(tree.Path);
        Assert.Equal(["cat", "dog", "emu", "fox"], layout.Classes);
        Assert.Contains(layout.Train, i => i.RelativePath == "train/fox/x.jpg" && i.Label == 3);
    }

    [Fact]
    public void An_empty_class_folder_is_refused_naming_it()
    {
        using var tree = new ImageFolderTree();
        Directory.CreateDirectory(tree.File("train/yak"));
        File.WriteAllText(tree.File("train/yak/readme.txt"), "no images yet");

        var e = Assert.Throws<OfaExpException>(() => ImageFolderLayout.Open(tree.Path));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(Path.Combine(tree.Path, "train", "yak"), e.Message);
    }

    [Fact]
    public void A_val_class_missing_from_train_is_refused_naming_it()
    {
        using var tree = new ImageFolderTree();
        ImageFolderTree.WriteJpeg(tree.File("val/gnu/g.jpg"), ImageFolderTree.Colours[0], 32, 32);

        var e = Assert.Throws<OfaExpException>(() => ImageFolderLayout.Open(tree.Path));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(Path.Combine(tree.Path, "val", "gnu"), e.Message);
    }

    [Fact]
    public void A_flat_val_folder_is_labelled_by_labels_csv_in_its_order()
    {
        using var tree = new ImageFolderTree();
        Directory.Delete(tree.File("val"), recursive: true);
        ImageFolderTree.WriteJpeg(tree.File("val/x1.JPEG"), ImageFolderTree.Colours[2], 32, 32);
        ImageFolderTree.WriteJpeg(tree.File("val/x2.JPEG"), ImageFolderTree.Colours[0], 32, 32);
        File.WriteAllText(tree.File("val/labels.csv"), "x1.JPEG,emu\n\nx2.JPEG,cat\n");

        var layout = ImageFolderLayout.Open(tree.Path);
        Assert.Equal(["val/x1.JPEG", "val/x2.JPEG"], layout.Val.Select(i => i.RelativePath));
        Assert.Equal([2, 0], layout.Val.Select(i => i.Label));

        File.WriteAllText(tree.File("val/labels.csv"), "x1.JPEG,emu\nx2.JPEG,gnu\n");
        var e = Assert.Throws<OfaExpException>(() => ImageFolderLayout.Open(tree.Path));
        Assert.Contains("line 2", e.Message);
        Assert.Contains("gnu", e.Message);
    }

    [Fact]
    public void A_missing_train_folder_names_the_path()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<OfaExpException>(() => ImageFolderLayout.Open(dir.Path));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains(Path.Combine(dir.Path, "train"), e.Message);
    }
}
