using System.Text;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// A module's parameters and buffers as bytes, in TorchSharp's state-dict format (entry count, then name, dtype,
/// shape and raw little-endian data per entry, in registration order). Identical weights give identical bytes.
/// </summary>
public static class ModelState
{
    public static byte[] Save(nn.Module net)
    {
        using var stream = new MemoryStream();

        // Module.save(Stream) would dispose the stream; a leave-open writer keeps it readable.
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            net.save(writer);
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">The bytes are not a state of this exact architecture.</exception>
    public static void Load(nn.Module net, byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            net.load(reader, strict: true);
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException or InvalidOperationException)
        {
            throw new InvalidDataException($"The model state does not fit this network: {e.Message}", e);
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"The model state has {stream.Length - stream.Position} unread bytes at its end.");
        }
    }
}
