using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OfaExp.Core.Seeding;

namespace OfaExp.Search;

/// <summary>
/// OFA's EvolutionFinder: a population of feasible candidates (cost at most the target, by rejection sampling);
/// each generation keeps the top <see cref="EvolutionSettings.Parents"/> by predicted accuracy (ties in insertion
/// order) and adds <see cref="EvolutionSettings.Population"/> children, first by mutation of a random parent, the
/// rest by uniform crossover of two random parents, each resampled until feasible; the children are predicted in one
/// batch. All randomness is one <see cref="SplitMix64"/> stream from the caller's seed, so equal inputs give
/// bit-identical outcomes. Predictions are memoised by the candidate with its skipped genes zeroed: a row's
/// prediction does not depend on its batch, so the cache never changes a result, it only saves work.
/// Not thread-safe (the cache); one instance may run many searches over the same space, cost table and predictor.
/// </summary>
public sealed class EvolutionSearch
{
    private readonly Dictionary<byte[], float> _cache = new(GenesComparer.Instance);
    private readonly CandidateSpace _space;
    private readonly byte[] _resolutionIndices;
    private readonly int _g;

    /// <exception cref="ArgumentException">The predictor's space differs from the cost table's, or a setting is out of range.</exception>
    public EvolutionSearch(CostTable costs, AccuracyPredictor predictor, EvolutionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (!predictor.Encoding.Space.Equals(costs.Space))
        {
            throw new ArgumentException($"The predictor's space ({predictor.Encoding.Space}) is not the cost table's ({costs.Space}).", nameof(predictor));
        }

        Costs = costs;
        Predictor = predictor;
        Settings = settings;
        _space = costs.Space;
        _resolutionIndices = _space.ResolutionIndices(settings.Resolutions);
        _g = _space.GeneCount;
    }

    public CostTable Costs { get; }

    public AccuracyPredictor Predictor { get; }

    public EvolutionSettings Settings { get; }

    public CandidateSpace Space => _space;

    /// <summary>Distinct candidates predicted so far by this instance (the cache size).</summary>
    public int CachedPredictions => _cache.Count;

    /// <summary>A full search from a random feasible population (<see cref="EvolutionSettings.Generations"/> generations).</summary>
    public SearchOutcome Run(double target, ulong seed) => Run(target, seed, null, null, PopulationFill.Random);

    /// <summary>
    /// A search from <paramref name="initialPopulation"/> (members above the target are dropped, the first
    /// <see cref="EvolutionSettings.Population"/> feasible ones kept, the rest filled by <paramref name="fill"/>).
    /// </summary>
    /// <param name="generations">Null = <see cref="EvolutionSettings.Generations"/>.</param>
    /// <exception cref="InvalidOperationException">No feasible candidate within the retry cap (the target is too tight).</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public SearchOutcome Run(double target, ulong seed, IReadOnlyList<byte[]>? initialPopulation, int? generations, PopulationFill fill)
    {
        var settings = Settings;
        var gens = generations ?? settings.Generations;
        ArgumentOutOfRangeException.ThrowIfNegative(gens);
        if (!double.IsFinite(target) || target < Costs.MinCost)
        {
            throw TooTight(target, 0);
        }

        var rng = new SplitMix64(seed);
        var evaluations = 0L;
        var size = settings.Population;
        var population = new List<Member>(settings.Parents + size);
        var pending = new List<byte[]>(size);
        var costs = new List<double>(size);
        foreach (var genes in initialPopulation ?? [])
        {
            _space.Validate(genes);
            var cost = Costs.Cost(genes);
            if (cost <= target && pending.Count < size)
            {
                pending.Add([.. genes]);
                costs.Add(cost);
            }
        }

        if (fill == PopulationFill.CopyFirst && pending.Count > 0)
        {
            var first = pending[0];
            var firstCost = costs[0];
            while (pending.Count < size)
            {
                pending.Add([.. first]);
                costs.Add(firstCost);
            }
        }

        if (fill == PopulationFill.MutateFirst && pending.Count > 0)
        {
            var first = pending[0];
            while (pending.Count < size)
            {
                var child = new byte[_g];
                costs.Add(Mutate(first, child, target, ref rng));
                pending.Add(child);
            }
        }

        while (pending.Count < size)
        {
            var child = new byte[_g];
            costs.Add(RandomFeasible(child, target, ref rng));
            pending.Add(child);
        }

        evaluations += Score(pending, costs, population);
        var parentCount = settings.Parents;
        var mutations = Math.Min(settings.Mutations, size);
        var history = new float[gens];
        var order = new int[settings.Parents + size];
        for (var gen = 0; gen < gens; gen++)
        {
            var parents = TopByAccuracy(population, parentCount, order);
            history[gen] = parents[0].Accuracy;
            pending.Clear();
            costs.Clear();
            for (var i = 0; i < mutations; i++)
            {
                var parent = parents[rng.NextInt(parentCount)].Genes;
                var child = new byte[_g];
                costs.Add(Mutate(parent, child, target, ref rng));
                pending.Add(child);
            }

            for (var i = mutations; i < size; i++)
            {
                var a = parents[rng.NextInt(parentCount)].Genes;
                var b = parents[rng.NextInt(parentCount)].Genes;
                var child = new byte[_g];
                costs.Add(Crossover(a, b, child, target, ref rng));
                pending.Add(child);
            }

            population.Clear();
            population.AddRange(parents);
            evaluations += Score(pending, costs, population);
        }

        var final = TopByAccuracy(population, population.Count, order);
        var best = final[0];
        return new SearchOutcome(
            target,
            [.. best.Genes],
            best.Accuracy,
            best.Cost,
            [.. final.Select(m => new ScoredCandidate([.. m.Genes], m.Accuracy, m.Cost))],
            history,
            gens,
            evaluations);
    }

    /// <summary>A uniformly random candidate with cost at most <paramref name="target"/>, by rejection; returns its cost.</summary>
    /// <exception cref="InvalidOperationException">None within the retry cap.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double RandomFeasible(Span<byte> genes, double target, ref SplitMix64 rng)
    {
        for (var attempt = 0; attempt < Settings.MaxRetries; attempt++)
        {
            _space.Sample(ref rng, genes, _resolutionIndices);
            var cost = Costs.Cost(genes);
            if (cost <= target)
            {
                return cost;
            }
        }

        throw TooTight(target, Settings.MaxRetries);
    }

    /// <summary>
    /// OFA's mutate_sample: the resolution with its own probability; per slot, with the mutation probability, a new
    /// kernel and a new expand (drawn independently); per stage a new depth; OFAv2's exit and per-slot branch masks
    /// likewise, when the space has a choice. Repeated until feasible; returns the child's cost.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Mutate(ReadOnlySpan<byte> parent, Span<byte> child, double target, ref SplitMix64 rng)
    {
        var s = _space;
        var p = Settings.MutationProbability;
        for (var attempt = 0; attempt < Settings.MaxRetries; attempt++)
        {
            parent.CopyTo(child);
            if (rng.NextDouble() < Settings.ResolutionMutationProbability)
            {
                child[s.ResolutionGene] = _resolutionIndices.Length == 0
                    ? (byte)rng.NextInt(s.Resolutions.Count)
                    : _resolutionIndices[rng.NextInt(_resolutionIndices.Length)];
            }

            for (var i = 0; i < s.Slots; i++)
            {
                if (rng.NextDouble() < p)
                {
                    child[s.KernelGene(i)] = (byte)rng.NextInt(s.Kernels.Count);
                    child[s.ExpandGene(i)] = (byte)rng.NextInt(s.Expands.Count);
                }
            }

            for (var st = 0; st < s.Stages; st++)
            {
                if (rng.NextDouble() < p)
                {
                    child[s.DepthGene(st)] = (byte)rng.NextInt(s.Depths.Count);
                }
            }

            if (s.Exits.Count > 1 && rng.NextDouble() < p)
            {
                child[s.ExitGene] = (byte)rng.NextInt(s.Exits.Count);
            }

            if (s.Masks.Count > 1)
            {
                for (var i = 0; i < s.Slots; i++)
                {
                    if (rng.NextDouble() < p)
                    {
                        child[s.MaskGene(i)] = (byte)rng.NextInt(s.Masks.Count);
                    }
                }
            }

            var cost = Costs.Cost(child);
            if (cost <= target)
            {
                return cost;
            }
        }

        throw TooTight(target, Settings.MaxRetries);
    }

    /// <summary>OFA's crossover_sample: every gene from either parent with probability 1/2, repeated until feasible; returns the cost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Crossover(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> child, double target, ref SplitMix64 rng)
    {
        for (var attempt = 0; attempt < Settings.MaxRetries; attempt++)
        {
            // 64 coin flips per draw; the stream consumed depends only on the gene count.
            var bits = 0UL;
            for (var i = 0; i < _g; i++)
            {
                if ((i & 63) == 0)
                {
                    bits = rng.NextUInt64();
                }

                child[i] = (bits & 1) != 0 ? b[i] : a[i];
                bits >>= 1;
            }

            var cost = Costs.Cost(child);
            if (cost <= target)
            {
                return cost;
            }
        }

        throw TooTight(target, Settings.MaxRetries);
    }

    /// <summary>Predicted accuracies of <paramref name="candidates"/> through the cache; returns how many the predictor evaluated.</summary>
    public long Predict(IReadOnlyList<byte[]> candidates, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        foreach (var c in candidates)
        {
            _space.Validate(c);
        }

        return PredictValid(candidates, output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long PredictValid(IReadOnlyList<byte[]> candidates, Span<float> output)
    {
        // pending[i]: the miss index whose prediction candidate i takes, or -1 when the cache answered; each key is hashed once here.
        var pending = new int[candidates.Count];
        var misses = new List<byte[]>();
        for (var i = 0; i < candidates.Count; i++)
        {
            var key = candidates[i].ToArray();
            _space.NormalizeSkipped(key);
            ref var value = ref CollectionsMarshal.GetValueRefOrAddDefault(_cache, key, out var exists);
            if (!exists)
            {
                value = float.NegativeInfinity; // placeholder until the batch is predicted
                pending[i] = misses.Count;
                misses.Add(key);
            }
            else if (float.IsNegativeInfinity(value))
            {
                pending[i] = PendingIndex(misses, key);
            }
            else
            {
                output[i] = value;
                pending[i] = -1;
            }
        }

        if (misses.Count == 0)
        {
            return 0;
        }

        var flat = new byte[misses.Count * _g];
        for (var i = 0; i < misses.Count; i++)
        {
            misses[i].CopyTo(flat, i * _g);
        }

        var predicted = new float[misses.Count];
        Predictor.PredictUnchecked(flat, misses.Count, predicted);
        for (var i = 0; i < misses.Count; i++)
        {
            _cache[misses[i]] = predicted[i];
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (pending[i] >= 0)
            {
                output[i] = predicted[pending[i]];
            }
        }

        return misses.Count;
    }

    // A duplicate within one batch: find the pending copy (rare, batches are ~100).
    private static int PendingIndex(List<byte[]> misses, byte[] key)
    {
        for (var i = 0; i < misses.Count; i++)
        {
            if (misses[i].AsSpan().SequenceEqual(key))
            {
                return i;
            }
        }

        throw new InvalidOperationException("A pending prediction is missing from its batch.");
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long Score(List<byte[]> genes, List<double> costs, List<Member> into)
    {
        var accuracies = new float[genes.Count];
        var evaluated = PredictValid(genes, accuracies);
        for (var i = 0; i < genes.Count; i++)
        {
            into.Add(new Member(genes[i], accuracies[i], costs[i]));
        }

        return evaluated;
    }

    // Best first; ties keep population order (OFA sorts stably).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Member[] TopByAccuracy(List<Member> population, int count, int[] order)
    {
        var n = population.Count;
        if (order.Length < n)
        {
            order = new int[n];
        }

        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        // Insertion sort: stable, so ties keep population order; populations are ~125, so n^2 is nothing.
        for (var i = 1; i < n; i++)
        {
            var item = order[i];
            var acc = population[item].Accuracy;
            var j = i - 1;
            while (j >= 0 && population[order[j]].Accuracy < acc)
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = item;
        }

        var top = new Member[Math.Min(count, n)];
        for (var i = 0; i < top.Length; i++)
        {
            top[i] = population[order[i]];
        }

        return top;
    }

    private InvalidOperationException TooTight(double target, int tries) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"No candidate with cost <= {target:R} {Costs.Unit} found{(tries > 0 ? $" in {tries} tries" : "")}; the space's minimum cost is "
        + $"{Costs.MinCost:R} {Costs.Unit} (maximum {Costs.MaxCost:R}). Raise the target or the retry cap."));

    private readonly record struct Member(byte[] Genes, float Accuracy, double Cost);
}
