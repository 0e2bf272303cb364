using OfaExp.Core.Spec;

namespace OfaExp.Core.Search;

/// <summary>The YAML spelling of each <see cref="TopDownSeed"/> (search.top_down_seed).</summary>
public static class TopDownSeedNames
{
    public static Spelling<TopDownSeed> Spelling { get; } = new(seed => seed switch
    {
        TopDownSeed.Mutations => "mutations",
        TopDownSeed.Copies => "copies",
    });
}
