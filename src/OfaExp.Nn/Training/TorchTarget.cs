using TorchSharp;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>Where a run's tensors live and the floating-point type they compute in (device.kind and device.dtype).</summary>
public sealed record TorchTarget(Device Device, ScalarType DType)
{
    /// <summary>
    /// Constructs a module whose parameters are created, and initialised, in this dtype, then moves it to the device.
    /// Widening a float32-initialised module would not do: libtorch draws float32 normal_ samples with a vectorised
    /// sampler on AVX2 and AVX-512 CPUs and a scalar one elsewhere, so float32 initial weights already differ between
    /// CPUs, while float64 ones come from the scalar sampler everywhere. The dtype is handed to the constructor rather
    /// than set as libtorch's default dtype: that default is process-wide, and a run, a test or a predictor fit on
    /// another thread would create its tensors in whatever dtype this one had set.
    /// </summary>
    public T Create<T>(Func<ScalarType, T> construct)
        where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(construct);
        var module = construct(DType);
        module.to(Device);
        return module;
    }

    /// <summary>Moves an existing module's floating-point parameters and buffers to this dtype and device (integer buffers keep their type).</summary>
    public T Place<T>(T module)
        where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        module.to(DType);
        module.to(Device);
        return module;
    }

    /// <summary>A float tensor of this target's dtype on its device (a copy when either differs).</summary>
    public Tensor Place(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.to(DType, Device);
    }
}
