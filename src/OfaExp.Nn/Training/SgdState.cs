using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// SGD state as bytes via TorchSharp's own format: per group its options (LR, momentum, weight decay...), per
/// parameter its momentum buffer (absent before the first step). Resuming needs the buffers bit-exact.
/// </summary>
public static class SgdState
{
    public static byte[] Save(SGD optimizer)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            optimizer.save_state_dict(writer);
        }

        return stream.ToArray();
    }

    /// <summary>Restores state saved by <see cref="Save"/> into an optimiser over the same parameter groups.</summary>
    /// <remarks>Call outside any dispose scope: buffers created while loading must outlive it.</remarks>
    /// <exception cref="InvalidDataException">The bytes do not fit this optimiser.</exception>
    public static void Load(SGD optimizer, byte[] bytes, Device device)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            optimizer.load_state_dict(reader);
        }
        catch (Exception e) when (e is ArgumentException or EndOfStreamException)
        {
            throw new InvalidDataException($"The optimiser state does not fit this network: {e.Message}", e);
        }

        if (stream.Position != stream.Length)
        {
            throw new InvalidDataException($"The optimiser state has {stream.Length - stream.Position} unread bytes at its end.");
        }

        // Loaded buffers are created on the CPU, and SGD.State.to(device) drops its result in TorchSharp 0.107,
        // so move them here.
        if (device.type != DeviceType.CPU)
        {
            foreach (var state in optimizer.state_dict().State.OfType<SGD.State>())
            {
                if (state.momentum_buffer is { } buffer && buffer.device_type != device.type)
                {
                    state.momentum_buffer = buffer.to(device);
                    buffer.Dispose();
                }
            }
        }
    }
}
