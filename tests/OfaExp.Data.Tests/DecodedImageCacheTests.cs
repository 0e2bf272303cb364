namespace OfaExp.Data.Tests;

public class DecodedImageCacheTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static ImageSet Sample() =>
        new(Enumerable.Range(0, 2 * 2 * 3 * 3).Select(i => (byte)i).ToArray(), [4, 1, 0], 2, 3, 2, 5);

    [Fact]
    public void Round_trips_a_set_under_its_key()
    {
        using var dir = new TempDir();
        var path = dir.File("sub/set.bin");

        DecodedImageCache.TryWrite(path, Key, Sample());
        var read = DecodedImageCache.TryRead(path, Key);

        Assert.NotNull(read);
        Assert.Equal((3, 2, 3, 2, 5), (read!.Count, read.Height, read.Width, read.Channels, read.NumClasses));
        Assert.Equal(Sample().Pixels.ToArray(), read.Pixels.ToArray());
        Assert.Equal(new byte[] { 4, 1, 0 }, read.Labels.ToArray());
        Assert.Single(Directory.GetFiles(dir.File("sub")));
    }

    [Fact]
    public void Another_key_a_truncated_file_or_no_file_reads_as_absent()
    {
        using var dir = new TempDir();
        var path = dir.File("set.bin");
        DecodedImageCache.TryWrite(path, Key, Sample());
        var otherKey = (byte[])Key.Clone();
        otherKey[31] ^= 1;

        Assert.Null(DecodedImageCache.TryRead(path, otherKey));
        Assert.Null(DecodedImageCache.TryRead(dir.File("none.bin"), Key));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^1]);
        Assert.Null(DecodedImageCache.TryRead(path, Key));
    }

    [Fact]
    public void An_unwritable_location_is_not_an_error()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("file"), "not a directory");

        DecodedImageCache.TryWrite(dir.File("file/set.bin"), Key, Sample());

        Assert.Null(DecodedImageCache.TryRead(dir.File("file/set.bin"), Key));
    }
}
