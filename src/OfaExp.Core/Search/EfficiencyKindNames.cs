namespace OfaExp.Core.Search;

/// <summary>The YAML spelling of each <see cref="EfficiencyKind"/> (search.efficiency).</summary>
public static class EfficiencyKindNames
{
    public static Spec.Spelling<EfficiencyKind> Spelling { get; } = new(kind => kind switch
    {
        EfficiencyKind.Flops => "flops",
        EfficiencyKind.Latency => "latency",
    });
}
