using System.Reflection;
using OfaExp.Core.Errors;
using OfaExp.Core.Spec;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>Applies a <see cref="DeviceSpec"/> to the torch runtime.</summary>
public static class TorchDevices
{
    /// <summary>The libtorch this build bundles, "cpu" or "cuda" (MSBuild property OfaExpTorchBackend).</summary>
    public static string Backend { get; } =
        typeof(TorchDevices).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OfaExpTorchBackend")?.Value ?? "cpu";

    /// <summary>Sets torch's intra-op thread count and returns the device to train on, the dtype to train in and the batches' memory format.</summary>
    /// <remarks>The thread count is process-wide in libtorch; runs in one process share it, which is why it is part of run identity.</remarks>
    public static TorchTarget Configure(DeviceSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TorchTarget(ConfigureDevice(spec), DTypeOf(spec.DType), spec.MemoryFormat);
    }

    public static ScalarType DTypeOf(DType dtype) => dtype switch
    {
        DType.Float32 => ScalarType.Float32,
        DType.Float64 => ScalarType.Float64,
    };

    private static Device ConfigureDevice(DeviceSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spec.Threads);
        if (get_num_threads() != spec.Threads)
        {
            set_num_threads(spec.Threads);
        }

        if (spec.Kind == DeviceKind.Cpu)
        {
            Threads.SpinGovernor.Attach(spec.Threads);
        }

        return spec.Kind switch
        {
            DeviceKind.Cpu => CPU,
            DeviceKind.Cuda when cuda.is_available() => CUDA,
            DeviceKind.Cuda when Backend != DeviceKindNames.Spelling.Name(DeviceKind.Cuda) => throw new OfaExpException(
                "device.kind is 'cuda', but this is the CPU build of ofaexp (it bundles CPU-only libtorch). Use device.kind: cpu, "
                + "or build and install the CUDA one with tools/setup.sh --cuda (TorchSharp-cuda-linux) on a machine with a GPU."),
            DeviceKind.Cuda => throw new OfaExpException(
                "device.kind is 'cuda' and this is the CUDA build of ofaexp, but torch.cuda.is_available() is false: libtorch "
                + "finds no usable NVIDIA GPU (check the GPU and its driver with nvidia-smi, and CUDA_VISIBLE_DEVICES). "
                + "Use device.kind: cpu to train on the CPU."),
        };
    }
}
