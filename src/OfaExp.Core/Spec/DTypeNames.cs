namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="DType"/> (device.dtype).</summary>
public static class DTypeNames
{
    public static Spelling<DType> Spelling { get; } = new(dtype => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
    });
}
