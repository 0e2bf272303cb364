namespace OfaExp.Core.Planning;

/// <summary>
/// A run id (64 hex digits) as its 32 bytes: the streaming planner keeps one per distinct run, and four longs are
/// a fifth of the string's size.
/// </summary>
public readonly record struct RunKey(ulong A, ulong B, ulong C, ulong D)
{
    public static RunKey Parse(string id)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (id.Length != 64 || Convert.FromHexString(id, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
        {
            throw new ArgumentException($"'{id}' is not a full run id (64 hex digits).", nameof(id));
        }

        return new RunKey(
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }
}
