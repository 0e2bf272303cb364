using System.Globalization;
using System.Numerics;

namespace OfaExp.Nn.Import.Legacy;

/// <summary>
/// Reads torch.save's legacy format (PyTorch &lt; 1.6, or _use_new_zipfile_serialization=False), in which OFA's
/// released supernets were written: pickles of the magic number, the protocol version (1001) and the writer's sys
/// info; the object, whose storages are persistent ids ('storage', storage class, key, location, numel[, view]);
/// the list of storage keys; then per key, in that order, its int64 element count and raw little-endian bytes.
/// Every pickle runs through <see cref="PickleMachine"/>, which builds data and never calls anything.
/// </summary>
internal static class LegacyCheckpointReader
{
    /// <summary>torch.serialization.MAGIC_NUMBER, as pickle protocol 2 writes it (LONG1, 10 bytes, little-endian).</summary>
    private static readonly BigInteger Magic = BigInteger.Parse("01950a86a20f9469cfc6c", NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private const long ProtocolVersion = 1001;

    /// <summary>A pickle starts with PROTO; a zip starts with "PK".</summary>
    public static bool LooksLegacy(ReadOnlySpan<byte> head) => head.Length > 0 && head[0] == 0x80;

    /// <exception cref="PickleFormatException">Malformed, refused or inconsistent.</exception>
    /// <exception cref="EndOfStreamException">The file ends early.</exception>
    public static LegacyCheckpoint Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        static object NoPersistentIds(object? pid) => throw new PickleFormatException("a header pickle refers to a storage");
        var magic = new PickleMachine(reader, NoPersistentIds).Load();
        if (!Magic.Equals(magic switch { long l => new BigInteger(l), BigInteger b => b, _ => BigInteger.MinusOne }))
        {
            throw new PickleFormatException("it does not start with torch.save's magic number");
        }

        var version = new PickleMachine(reader, NoPersistentIds).Load();
        if (version is not ProtocolVersion)
        {
            throw new PickleFormatException($"torch.save protocol version {version ?? "None"}, this reader knows {ProtocolVersion}");
        }

        if (new PickleMachine(reader, NoPersistentIds).Load() is OrderedDictionary<object, object?> sysInfo
            && sysInfo.TryGetValue("little_endian", out var little) && little is false)
        {
            throw new PickleFormatException("it was written on a big-endian machine");
        }

        var storages = new Dictionary<string, (LegacyStorageRef Root, long Numel)>(StringComparer.Ordinal);
        var root = new PickleMachine(reader, pid => Storage(pid, storages)).Load();
        var keys = new PickleMachine(reader, NoPersistentIds).Load() as List<object?>
            ?? throw new PickleFormatException("the storage key list is not a list");

        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var item in keys)
        {
            if (item is not string key || !storages.TryGetValue(key, out var storage) || data.ContainsKey(key))
            {
                throw new PickleFormatException($"the storage key list names '{item}', which no tensor refers to (or twice)");
            }

            var numel = reader.ReadInt64();
            if (numel != storage.Numel)
            {
                throw new PickleFormatException(string.Create(CultureInfo.InvariantCulture, $"storage '{key}' has {numel} elements in the data, {storage.Numel} in the pickle"));
            }

            var length = numel * LegacyStorageTypes.ElementSize(storage.Root.DType);
            if (length > stream.Length - stream.Position || length > Array.MaxLength)
            {
                throw new PickleFormatException(string.Create(
                    CultureInfo.InvariantCulture, $"storage '{key}' should have {length} bytes of data, the file has {stream.Length - stream.Position} left"));
            }

            data[key] = reader.ReadBytes((int)length);
        }

        var absent = storages.Keys.FirstOrDefault(k => !data.ContainsKey(k));
        return absent is null ? new LegacyCheckpoint(root, data) : throw new PickleFormatException($"storage '{absent}' has no data");
    }

    /// <summary>persistent_load: ('storage', storage class, key, location, numel, view metadata or None).</summary>
    private static LegacyStorageRef Storage(object? pid, Dictionary<string, (LegacyStorageRef Root, long Numel)> storages)
    {
        if (pid is not object?[] { Length: 5 or 6 } id || id[0] is not "storage" || id[1] is not PickleGlobal type || !LegacyStorageTypes.IsStorage(type)
            || id[2] is not string key || id[3] is not string || id[4] is not long numel || numel < 0)
        {
            throw new PickleFormatException("a persistent id is not ('storage', storage class, key, location, numel[, view])");
        }

        var dtype = LegacyStorageTypes.Of(type).DType;
        var root = new LegacyStorageRef(key, dtype, 0, numel);
        if (storages.TryGetValue(key, out var known) && (known.Root != root || known.Numel != numel))
        {
            throw new PickleFormatException($"storage '{key}' is referred to with two types or sizes");
        }

        storages[key] = (root, numel);
        var view = id.Length == 6 ? id[5] : null;
        return view switch
        {
            null => root,
            object?[] { Length: 3 } v when v[0] is string && v[1] is long offset && v[2] is long size && offset >= 0 && size >= 0 && offset + size <= numel =>
                root with { ViewOffset = offset, ViewSize = size },
            _ => throw new PickleFormatException($"storage '{key}' has view metadata that is not (key, offset, size) within it"),
        };
    }
}
