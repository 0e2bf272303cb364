using System.IO.Compression;
using OfaExp.Core.Errors;

namespace OfaExp.Data.Tests;

public class IdxReaderTests
{
    [Fact]
    public void Reads_the_real_train_files_with_their_declared_shapes()
    {
        var images = IdxReader.ReadGzip(Path.Combine(RealData.Root, FashionMnist.TrainImagesFile));
        var labels = IdxReader.ReadGzip(Path.Combine(RealData.Root, FashionMnist.TrainLabelsFile));

        Assert.Equal([60000, 28, 28], images.Dimensions);
        Assert.Equal(60000 * 28 * 28, images.Data.Length);
        Assert.Equal([60000], labels.Dimensions);
    }

    [Fact]
    public void Round_trips_a_small_file()
    {
        using var dir = new TempDir();
        var path = dir.File("small.gz");
        WriteGzip(path, Idx([2, 3], [1, 2, 3, 4, 5, 6]));

        var file = IdxReader.ReadGzip(path);

        Assert.Equal([2, 3], file.Dimensions);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, file.Data.ToArray());
    }

    [Fact]
    public void A_truncated_payload_is_reported_with_the_file_name()
    {
        using var dir = new TempDir();
        var path = dir.File("truncated.gz");
        WriteGzip(path, Idx([10, 10], new byte[60]));

        var e = Assert.Throws<OfaExpException>(() => IdxReader.ReadGzip(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("60 of 100", e.Message);
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
    }

    [Fact]
    public void A_cut_off_gzip_stream_is_reported_with_the_file_name()
    {
        using var dir = new TempDir();
        var whole = dir.File("whole.gz");
        var payload = new byte[5000];
        new Random(1).NextBytes(payload);
        WriteGzip(whole, Idx([50, 100], payload));
        var bytes = File.ReadAllBytes(whole);
        var cut = dir.File("cut.gz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<OfaExpException>(() => IdxReader.ReadGzip(cut));

        Assert.Contains(cut, e.Message);
        Assert.Contains("truncated or corrupt", e.Message);
    }

    [Fact]
    public void Bytes_that_are_not_gzip_are_reported_with_the_file_name()
    {
        using var dir = new TempDir();
        var path = dir.File("garbage.gz");
        File.WriteAllBytes(path, [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c]);

        var e = Assert.Throws<OfaExpException>(() => IdxReader.ReadGzip(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_wrong_magic_number_is_rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("magic.gz");
        var idx = Idx([2], [1, 2]);
        idx[0] = 0x12;
        WriteGzip(path, idx);

        var e = Assert.Throws<OfaExpException>(() => IdxReader.ReadGzip(path));

        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void Trailing_data_after_the_payload_is_rejected()
    {
        using var dir = new TempDir();
        var path = dir.File("long.gz");
        WriteGzip(path, [.. Idx([2], [1, 2]), 99]);

        Assert.Throws<OfaExpException>(() => IdxReader.ReadGzip(path));
    }

    private static byte[] Idx(int[] dims, byte[] data)
    {
        var header = new List<byte> { 0, 0, 0x08, (byte)dims.Length };
        foreach (var d in dims)
        {
            header.AddRange([(byte)(d >> 24), (byte)(d >> 16), (byte)(d >> 8), (byte)d]);
        }

        return [.. header, .. data];
    }

    private static void WriteGzip(string path, byte[] content)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(content);
    }
}
