using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>Applies a <see cref="DeviceSpec"/> to the torch runtime.</summary>
public static class TorchDevices
{
    /// <summary>Sets torch's intra-op thread count and returns the device to train on.</summary>
    /// <remarks>The thread count is process-wide in libtorch; runs in one process share it, which is why it is part of run identity.</remarks>
    public static Device Configure(DeviceSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.Threads);
        if (get_num_threads() != spec.Threads)
        {
            set_num_threads(spec.Threads);
        }

        return spec.Kind switch
        {
            "cpu" => CPU,
            "cuda" when cuda.is_available() => CUDA,
            "cuda" => throw new OfaExpException(
                "device.kind is 'cuda', but no CUDA device is usable from this build (the default build bundles CPU-only "
                + "libtorch). Use device.kind: cpu, or build with the TorchSharp-cuda-linux package on a machine with a GPU."),
            _ => throw new OfaExpException($"device.kind '{spec.Kind}' is not supported; use 'cpu' or 'cuda'."),
        };
    }
}
