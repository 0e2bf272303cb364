using OfaExp.Core.Search;
using OfaExp.Core.Seeding;

namespace OfaExp.Search;

/// <summary>
/// Searches several efficiency targets with one of the <see cref="SearchStrategy"/> ways of sharing work: independent
/// full searches; bottom-up (ascending targets, each continuing from the previous final population, which is
/// feasible for the looser target); or top-down (descending targets, each starting from the previous best randomly
/// pruned to fit, then feasible mutations or copies of it, per <see cref="TopDownSeed"/>). A follow-up target evolves
/// <c>followUpGenerations</c> generations instead of the full count. Seeds are derived from the caller's seed per
/// strategy and step, and one prediction cache serves all targets of a run; results come back in the caller's target
/// order. Wall times are read from <see cref="Clock"/> (the system's by default; tests pass a fake one).
/// </summary>
public sealed class MultiTargetSearch
{
    public MultiTargetSearch(
        CostTable costs, AccuracyPredictor predictor, EvolutionSettings settings, TopDownSeed topDownSeed = TopDownSeed.Mutations, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(settings);
        Costs = costs;
        Predictor = predictor;
        Settings = settings;
        TopDownSeed = topDownSeed;
        Clock = clock ?? TimeProvider.System;
        _ = new EvolutionSearch(costs, predictor, settings); // validates the combination up front
    }

    public TopDownSeed TopDownSeed { get; }

    public TimeProvider Clock { get; }

    public CostTable Costs { get; }

    public AccuracyPredictor Predictor { get; }

    public EvolutionSettings Settings { get; }

    /// <exception cref="InvalidOperationException">A target is below what the space can reach.</exception>
    public IReadOnlyList<TargetOutcome> Run(IReadOnlyList<double> targets, SearchStrategy strategy, ulong seed, int followUpGenerations)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegative(followUpGenerations);
        var search = new EvolutionSearch(Costs, Predictor, Settings);
        var results = new TargetOutcome[targets.Count];
        var order = Order(targets, strategy);

        SearchOutcome? previous = null;
        for (var step = 0; step < order.Length; step++)
        {
            var index = order[step];
            var target = targets[index];
            var stepSeed = SeedDerivation.Derive(seed, "multi-target", strategy, step);
            var start = Clock.GetTimestamp();
            SearchOutcome outcome;
            if (strategy == SearchStrategy.Independent || previous is null)
            {
                // Full searches are seeded by their target alone, so the first target of a multi-target strategy finds
                // exactly what the independent search of that target finds, and comparisons start level.
                outcome = search.Run(target, SeedDerivation.Derive(seed, "full-search", target));
            }
            else if (strategy == SearchStrategy.BottomUp)
            {
                outcome = search.Run(target, stepSeed, [.. previous.Population.Select(m => m.Genes)], followUpGenerations, PopulationFill.Random);
            }
            else
            {
                var genes = previous.Best.ToArray();
                var rng = new SplitMix64(SeedDerivation.Derive(seed, "prune", step));
                var fits = new RandomPruner(Costs).Prune(genes, target, ref rng);
                var fill = TopDownSeed == TopDownSeed.Copies ? PopulationFill.CopyFirst : PopulationFill.MutateFirst;
                outcome = fits
                    ? search.Run(target, stepSeed, [genes], followUpGenerations, fill)
                    : search.Run(target, stepSeed, null, followUpGenerations, PopulationFill.Random);
            }

            results[index] = new TargetOutcome(target, outcome, Clock.GetElapsedTime(start));
            previous = outcome;
        }

        return results;
    }

    /// <summary>
    /// The caller's target indices in the order <paramref name="strategy"/> searches them (ties in the caller's order):
    /// ascending for bottom-up, descending for top-down, as given for independent. The first gets a full search; the
    /// rest are the follow-up targets.
    /// </summary>
    public static int[] Order(IReadOnlyList<double> targets, SearchStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var order = Enumerable.Range(0, targets.Count);
        return strategy switch
        {
            SearchStrategy.BottomUp => [.. order.OrderBy(i => targets[i]).ThenBy(i => i)],
            SearchStrategy.TopDown => [.. order.OrderByDescending(i => targets[i]).ThenBy(i => i)],
            _ => [.. order],
        };
    }
}
