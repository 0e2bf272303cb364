namespace OfaExp.Core.Search;

/// <summary>How a multi-target search (search.strategy) reuses work between efficiency targets.</summary>
public enum SearchStrategy
{
    /// <summary>A full search per target.</summary>
    Independent,

    /// <summary>Loosest last: each target starts from the previous (tighter) target's final population.</summary>
    BottomUp,

    /// <summary>Loosest first: each target starts from the previous best, randomly pruned until it fits.</summary>
    TopDown,
}
