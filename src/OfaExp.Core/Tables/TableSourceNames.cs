using OfaExp.Core.Spec;

namespace OfaExp.Core.Tables;

/// <summary>The YAML spelling of each <see cref="TableSource"/> (tables and figures: source).</summary>
public static class TableSourceNames
{
    public static Spelling<TableSource> Spelling { get; } = new(source => source switch
    {
        TableSource.Metrics => "metrics",
        TableSource.Subnets => "subnets",
    });
}
