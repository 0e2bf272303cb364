namespace OfaExp.Core.Spec;

/// <summary>
/// Where, in what precision and in what memory layout a run trains. Threads, dtype and memory format are part of run
/// identity: CPU reductions may round differently with another thread count, float64 computes other numbers than
/// float32, and another layout runs other kernels.
/// </summary>
public sealed record DeviceSpec(DeviceKind Kind, int Threads, DType DType = DType.Float32, MemoryFormat MemoryFormat = MemoryFormat.Contiguous)
{
    public static DeviceSpec Cpu { get; } = new(DeviceKind.Cpu, 2);
}
