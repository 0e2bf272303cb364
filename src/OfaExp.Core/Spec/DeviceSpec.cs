namespace OfaExp.Core.Spec;

/// <summary>Where a run trains. Threads is part of run identity: CPU reductions may round differently with another count.</summary>
public sealed record DeviceSpec(string Kind, int Threads)
{
    public static DeviceSpec Cpu { get; } = new("cpu", 2);
}
