using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

public class FolderListingsTests
{
    [Fact]
    public void An_unchanged_tree_is_walked_once_per_process()
    {
        using var tree = new ImageFolderTree();
        Age(tree.Path);

        var first = FolderListings.Open(tree.Path);
        Assert.Same(first, FolderListings.Open(tree.Path));
        Assert.Same(first, FolderListings.Open(tree.Path + "/"));
    }

    [Fact]
    public void An_image_added_to_a_nested_folder_is_seen_by_the_next_open()
    {
        using var tree = new ImageFolderTree();
        Age(tree.Path);
        var first = FolderListings.Open(tree.Path);

        ImageFolderTree.WriteJpeg(tree.File("train/dog/nested/later.jpg"), ImageFolderTree.Colours[1], 32, 32);
        var second = FolderListings.Open(tree.Path);

        Assert.NotSame(first, second);
        Assert.Contains(second.Train, i => i.RelativePath == "train/dog/nested/later.jpg");
        Assert.Equal(first.Train.Count + 1, second.Train.Count);
    }

    [Fact]
    public void A_removed_class_and_an_edited_labels_file_are_seen_by_the_next_open()
    {
        using var tree = new ImageFolderTree();
        Directory.Delete(tree.File("val"), recursive: true);
        Directory.CreateDirectory(tree.File("val"));
        ImageFolderTree.WriteJpeg(tree.File("val/x.jpg"), ImageFolderTree.Colours[0], 32, 32);
        File.WriteAllText(tree.File("val/labels.csv"), "x.jpg,cat\n");
        Age(tree.Path);
        Assert.Equal([0], FolderListings.Open(tree.Path).Val.Select(i => i.Label));

        File.WriteAllText(tree.File("val/labels.csv"), "x.jpg,emu\n");
        Assert.Equal([2], FolderListings.Open(tree.Path).Val.Select(i => i.Label));

        Directory.Delete(tree.File("train/emu"), recursive: true);
        File.WriteAllText(tree.File("val/labels.csv"), "x.jpg,dog\n");
        Age(tree.Path);
        Assert.Equal(["cat", "dog"], FolderListings.Open(tree.Path).Classes);
    }

    [Fact]
    public void A_tree_modified_moments_before_the_walk_is_walked_again_since_its_times_cannot_tell_a_later_change()
    {
        using var tree = new ImageFolderTree();

        Assert.NotSame(FolderListings.Open(tree.Path), FolderListings.Open(tree.Path));
    }

    // Times well before the walk, as a data set copied days ago has: only then is a listing trusted from its times.
    private static void Age(string root)
    {
        var past = DateTime.UtcNow.AddHours(-1);
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                     .Append(root))
        {
            if (new FileInfo(path).LinkTarget is null)
            {
                File.SetLastWriteTimeUtc(path, past);
            }
        }
    }
}
