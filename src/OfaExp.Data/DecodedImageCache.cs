using System.Buffers.Binary;

namespace OfaExp.Data;

/// <summary>
/// Decoded images kept as one binary file per dataset split and source key, so that a dataset stored as many
/// compressed files (Tiny ImageNet: 110,000 JPEGs) is decoded once per machine rather than once per run. The key is
/// the caller's hash of everything the decoded content depends on; a file whose key, header or length does not
/// match is ignored and rewritten. The cache is an optimisation only: unreadable or unwritable caches fall back to
/// decoding.
/// </summary>
public static class DecodedImageCache
{
    /// <summary>Overrides the cache directory; set it to an empty string or "off" to disable the cache.</summary>
    public const string DirectoryVariable = "OFAEXP_CACHE_DIR";

    private const int FormatVersion = 1;
    private const int KeySize = 32;
    private static readonly byte[] Magic = "OFAEXPIC"u8.ToArray();
    private static readonly int HeaderSize = Magic.Length + 4 + KeySize + 5 * 4;

    /// <summary>$OFAEXP_CACHE_DIR, else $XDG_CACHE_HOME/ofaexp, else ~/.cache/ofaexp; null when disabled or no home is known.</summary>
    public static string? DefaultDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (configured is not null)
        {
            return configured.Length == 0 || configured == "off" ? null : configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "ofaexp");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".cache", "ofaexp");
    }

    /// <summary>The set stored at <paramref name="path"/> under <paramref name="key"/>, or null when absent or stale.</summary>
    internal static ImageSet? TryRead(string path, ReadOnlySpan<byte> key)
    {
        try
        {
            using var stream = File.OpenRead(path);
            var header = new byte[HeaderSize];
            if (stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false) < HeaderSize
                || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic)
                || BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(Magic.Length)) != FormatVersion
                || !header.AsSpan(Magic.Length + 4, KeySize).SequenceEqual(key))
            {
                return null;
            }

            var fields = header.AsSpan(Magic.Length + 4 + KeySize);
            int count = Field(fields, 0), height = Field(fields, 1), width = Field(fields, 2), channels = Field(fields, 3), classes = Field(fields, 4);
            if (count <= 0 || height <= 0 || width <= 0 || channels <= 0 || classes <= 0)
            {
                return null;
            }

            var pixelCount = (long)count * height * width * channels;
            if (pixelCount > Array.MaxLength || stream.Length != HeaderSize + count + pixelCount)
            {
                return null;
            }

            var labels = new byte[count];
            var pixels = new byte[pixelCount];
            stream.ReadExactly(labels);
            stream.ReadExactly(pixels);
            return new ImageSet(pixels, labels, height, width, channels, classes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores <paramref name="set"/> at <paramref name="path"/> (atomically: readers see the old file or the whole new one).</summary>
    internal static void TryWrite(string path, ReadOnlySpan<byte> key, ImageSet set)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using (var stream = File.Create(temporary))
            {
                var header = new byte[HeaderSize];
                Magic.CopyTo(header, 0);
                BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(Magic.Length), FormatVersion);
                key.CopyTo(header.AsSpan(Magic.Length + 4));
                var fields = header.AsSpan(Magic.Length + 4 + KeySize);
                int[] values = [set.Count, set.Height, set.Width, set.Channels, set.NumClasses];
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(fields[(4 * i)..], values[i]);
                }

                stream.Write(header);
                stream.Write(set.Labels);
                stream.Write(set.Pixels);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home or a full disk costs the next run a decode, nothing more.
            TryDelete(temporary);
        }
    }

    private static int Field(ReadOnlySpan<byte> fields, int index) => BinaryPrimitives.ReadInt32LittleEndian(fields[(4 * index)..]);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing else to do; a stray temporary file is harmless.
        }
    }
}
