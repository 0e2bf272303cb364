namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="DType"/>: the one table the schema check, parsing and printing use.</summary>
public static class DTypeNames
{
    public static IReadOnlyList<string> All { get; } = [Name(DType.Float32), Name(DType.Float64)];

    public static string Name(DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
    };

    /// <exception cref="ArgumentException">Not one of <see cref="All"/> (the schema check rejects such values first).</exception>
    public static DType Parse(string name)
    {
        foreach (var dtype in Enum.GetValues<DType>())
        {
            if (Name(dtype) == name)
            {
                return dtype;
            }
        }

        throw new ArgumentException($"'{name}' is not a dtype; use one of {string.Join(", ", All)}.", nameof(name));
    }
}
