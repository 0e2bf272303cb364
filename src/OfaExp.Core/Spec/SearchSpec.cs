using OfaExp.Core.Search;

namespace OfaExp.Core.Spec;

/// <summary>
/// The <c>search</c> phase: OFA's evolutionary search (population, generations, parent and mutation ratios, mutation
/// probability) under each target of <see cref="Targets"/>, the targets searched by <see cref="Strategy"/>
/// (independent, bottom_up or top_down; the multi-target strategies evolve <see cref="N2"/> generations per target
/// after the first). Every found subnet is then evaluated for real (extracted, BN-recalibrated, validated).
/// </summary>
public sealed record SearchSpec(
    EfficiencyKind Efficiency,
    IReadOnlyList<EfficiencyTarget> Targets,
    SearchStrategy Strategy,
    int Population,
    int Generations,
    double ParentRatio,
    double MutationRatio,
    double MutationProbability,
    int N2)
{
    /// <summary>Epochs each found subnet is fine-tuned on its own after the search (0 = not fine-tuned).</summary>
    public int FinetuneEpochs { get; init; }

    /// <summary>Peak (cosine) learning rate of the fine-tuning, at its batch size of 64.</summary>
    public double FinetuneLr { get; init; } = 0.01;

    /// <summary>Probability that a mutation redraws the resolution (OFA's ofa/nas EvolutionFinder: 0.5).</summary>
    public double ResolutionMutationProbability { get; init; } = 0.5;

    /// <summary>The resolutions the search draws from, a subset of the supernet's; empty = all of them.</summary>
    public IReadOnlyList<int> Resolutions { get; init; } = [];

    /// <summary>How top-down fills a follow-up target's first population around the pruned previous best.</summary>
    public TopDownSeed TopDownSeed { get; init; } = TopDownSeed.Mutations;
}
