using System.IO.Compression;
using System.Text;

namespace OfaExp.Nn.Export;

/// <summary>
/// torch.save's zip layout (the format torch.load reads since torch 1.6): ROOT/data.pkl (the pickle), ROOT/data/KEY
/// (each tensor's bytes) and ROOT/version ("3"). Entries are stored uncompressed with a fixed timestamp, so the same
/// object always gives the same bytes and an export's digest in the store depends on its content alone.
/// </summary>
internal static class TorchArchive
{
    /// <summary>The zip's folder; torch.load takes it from the first entry and accepts any name.</summary>
    public const string Root = "ofaexp_subnet";

    private static readonly DateTimeOffset FixedTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Write(object? value)
    {
        var pickler = new PickleWriter();
        var pickle = pickler.Dump(value);
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "data.pkl", pickle);
            for (var key = 0; key < pickler.Storages.Count; key++)
            {
                Add(zip, $"data/{key}", pickler.Storages[key]);
            }

            Add(zip, "version", Encoding.ASCII.GetBytes("3\n"));
        }

        return stream.ToArray();
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        var entry = zip.CreateEntry($"{Root}/{name}", CompressionLevel.NoCompression);
        entry.LastWriteTime = FixedTime;
        using var s = entry.Open();
        s.Write(bytes);
    }
}
