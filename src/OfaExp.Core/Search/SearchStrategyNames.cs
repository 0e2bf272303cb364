using OfaExp.Core.Spec;

namespace OfaExp.Core.Search;

/// <summary>The YAML spelling of each <see cref="SearchStrategy"/> (search.strategy, ofaexp search --strategy).</summary>
public static class SearchStrategyNames
{
    public static Spelling<SearchStrategy> Spelling { get; } = new(strategy => strategy switch
    {
        SearchStrategy.Independent => "independent",
        SearchStrategy.BottomUp => "bottom_up",
        SearchStrategy.TopDown => "top_down",
    });
}
