using OfaExp.Core.Spec;
using TorchSharp;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// Where a run's tensors live, the floating-point type they compute in and how image batches are laid out in memory
/// (device.kind, device.dtype and device.memory_format).
/// </summary>
public sealed record TorchTarget(Device Device, ScalarType DType, MemoryFormat Format = MemoryFormat.Contiguous)
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

    /// <summary>
    /// An N x C x H x W batch in this target's memory format: itself when contiguous, else a channels-last copy
    /// (strides C*H*W, 1, W*C, C). Convolutions, batch norms and element-wise ops keep the layout of their input, so
    /// laying out the network's input lays out every activation after it. TorchSharp 0.107 has no memory-format
    /// argument, so the strides are set directly: permuting a one-channel batch to NHWC and back would leave
    /// strides libtorch reads as NCHW.
    /// </summary>
    public Tensor Arrange(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (Format == MemoryFormat.Contiguous)
        {
            return images;
        }

        if (images.dim() != 4)
        {
            throw new ArgumentException($"A channels-last batch has 4 dimensions (N x C x H x W), not {images.dim()}.", nameof(images));
        }

        var (n, c, h, w) = (images.shape[0], images.shape[1], images.shape[2], images.shape[3]);
        using var nhwc = images.permute(0, 2, 3, 1).contiguous();
        return nhwc.as_strided([n, c, h, w], [c * h * w, 1, w * c, c]);
    }
}
