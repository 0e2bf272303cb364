namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="DeviceKind"/> (device.kind), also the spelling run ids hash.</summary>
public static class DeviceKindNames
{
    public static Spelling<DeviceKind> Spelling { get; } = new(kind => kind switch
    {
        DeviceKind.Cpu => "cpu",
        DeviceKind.Cuda => "cuda",
    });
}
