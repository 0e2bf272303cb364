namespace OfaExp.Core.Spec;

/// <summary>
/// Where and in what precision a run trains. Threads and dtype are part of run identity: CPU reductions may round
/// differently with another thread count, and float64 computes other numbers than float32.
/// </summary>
public sealed record DeviceSpec(DeviceKind Kind, int Threads, DType DType = DType.Float32)
{
    public static DeviceSpec Cpu { get; } = new(DeviceKind.Cpu, 2);
}
