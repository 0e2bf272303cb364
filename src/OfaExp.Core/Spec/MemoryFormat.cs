namespace OfaExp.Core.Spec;

/// <summary>
/// How a run lays out its image batches and activations in memory (<c>device.memory_format</c>). Channels-last
/// (NHWC) lets oneDNN use its direct depthwise and pointwise convolution kernels on the CPU instead of the
/// im2col-and-gemm ones it takes for NCHW; the same network then computes the same function with other kernels, so
/// float32 results round differently and the format is part of a run's identity (left out at its default).
/// </summary>
public enum MemoryFormat
{
    Contiguous,
    ChannelsLast,
}
