using System.Buffers.Binary;
using System.IO.Compression;
using OfaExp.Core.Errors;

namespace OfaExp.Data;

/// <summary>Reads gzip-compressed IDX files (the MNIST family's format), unsigned-byte payloads only.</summary>
public static class IdxReader
{
    private const byte UnsignedByteType = 0x08;

    /// <exception cref="OfaExpException">The file is missing, not gzip, not IDX, or truncated.</exception>
    public static IdxFile ReadGzip(string path)
    {
        if (!File.Exists(path))
        {
            throw new OfaExpException(
                $"The IDX file '{path}' does not exist. Check the path, or reinstall the data set that should provide it.");
        }

        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            return Read(gzip, path);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw Corrupt(path, e.Message, e);
        }
    }

    private static IdxFile Read(Stream stream, string path)
    {
        Span<byte> header = stackalloc byte[4];
        stream.ReadExactly(header);
        if (header[0] != 0 || header[1] != 0)
        {
            throw Corrupt(path, "the IDX magic number is wrong", null);
        }

        if (header[2] != UnsignedByteType)
        {
            throw Corrupt(path, $"IDX element type 0x{header[2]:x2} is not unsigned byte (0x08)", null);
        }

        int rank = header[3];
        if (rank is 0 or > 4)
        {
            throw Corrupt(path, $"IDX rank {rank} is outside 1..4", null);
        }

        var dims = new int[rank];
        Span<byte> dimBytes = stackalloc byte[4];
        long total = 1;
        for (var i = 0; i < rank; i++)
        {
            stream.ReadExactly(dimBytes);
            dims[i] = BinaryPrimitives.ReadInt32BigEndian(dimBytes);
            if (dims[i] <= 0)
            {
                throw Corrupt(path, $"dimension {i} is {dims[i]}", null);
            }

            total *= dims[i];
        }

        if (total > Array.MaxLength)
        {
            throw Corrupt(path, $"the declared size of {total} bytes is too large", null);
        }

        var data = new byte[total];
        var read = stream.ReadAtLeast(data, data.Length, throwOnEndOfStream: false);
        if (read < data.Length)
        {
            throw Corrupt(path, $"the data ends after {read} of {total} bytes", null);
        }

        if (stream.ReadByte() != -1)
        {
            throw Corrupt(path, $"there is data after the declared {total} bytes", null);
        }

        return new IdxFile(dims, data);
    }

    private static OfaExpException Corrupt(string path, string reason, Exception? inner) =>
        new($"'{path}' is not a valid gzip-compressed IDX file: {reason}. The file is truncated or corrupt; "
            + "reinstall the data set (for Fashion-MNIST: Debian's dataset-fashion-mnist package, or tools/setup.sh) "
            + "or point data.root at an intact copy.",
            ExitCodes.BadInput,
            inner);
}
