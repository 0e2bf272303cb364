namespace OfaExp.Search;

/// <summary>How <see cref="EvolutionSearch"/> completes an initial population that has fewer feasible members than the population size.</summary>
public enum PopulationFill
{
    /// <summary>Rejection-sampled uniformly random candidates (OFA's initial population).</summary>
    Random,

    /// <summary>Feasible mutations of the first given member (top-down: the pruned architecture).</summary>
    MutateFirst,

    /// <summary>Copies of the first given member (top-down as the multi-latency paper seeds it: the pruned architecture alone).</summary>
    CopyFirst,
}
