using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;

namespace OfaExp.Search.Tests;

/// <summary>Small spaces, tables and predictors shared by the tests.</summary>
internal static class Fixtures
{
    /// <summary>2 stages x 2 slots, K {3,5}, E {3,6}, D {1,2}, R {24,28}: 2048 candidates, small enough to enumerate.</summary>
    public static SupernetSpec Tiny { get; } = new("ofa_mbv3", 1.0, 2, [2, 2], [3, 5], [3, 6], [1, 2], [24, 28], 0.1, 0.1, 1e-5);

    public static SupernetSpec Ofa { get; } = new("ofa_mbv3", 1.0, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [24, 28], 0.1, 0.1, 1e-5);

    public static CandidateSpace TinySpace { get; } = new(new SubnetSpace(Tiny));

    public static CandidateSpace EeDpSpace { get; } = new(new SubnetSpace(Ofa with { Exits = SupernetExits.Early, Blocks = SupernetBlocks.DenseParallel }));

    /// <summary>A table with distinct pseudo-random costs in every cell.</summary>
    public static CostTable RandomTable(CandidateSpace space, ulong seed)
    {
        var rng = new SplitMix64(seed);
        double Next(ref SplitMix64 g) => Math.Round(1 + (g.NextDouble() * 9), 3);
        var rs = space.Resolutions.Count;
        var @base = new double[rs];
        var block = new double[rs][][][];
        var conv = new double[rs][];
        var transform = new double[rs][];
        var head = new double[rs][];
        for (var r = 0; r < rs; r++)
        {
            @base[r] = Next(ref rng);
            block[r] = new double[space.Slots][][];
            conv[r] = new double[space.Slots];
            transform[r] = new double[space.Slots];
            for (var s = 0; s < space.Slots; s++)
            {
                block[r][s] = new double[space.Kernels.Count][];
                for (var k = 0; k < space.Kernels.Count; k++)
                {
                    block[r][s][k] = new double[space.Expands.Count];
                    for (var e = 0; e < space.Expands.Count; e++)
                    {
                        block[r][s][k][e] = Next(ref rng);
                    }
                }

                conv[r][s] = Next(ref rng);
                transform[r][s] = Next(ref rng);
            }

            head[r] = [.. Enumerable.Range(0, space.Exits.Count).Select(_ => Next(ref rng))];
        }

        return new CostTable(space, "MFLOPs", @base, block, conv, transform, head);
    }

    /// <summary>A predictor with uniform random weights (hidden width not a multiple of 16 unless asked).</summary>
    public static AccuracyPredictor RandomPredictor(CandidateSpace space, ulong seed, int hidden = 37, int hiddenLayers = 3)
    {
        var encoding = new PredictorEncoding(space);
        var rng = new SplitMix64(seed);
        var weights = new List<float[]>();
        var biases = new List<float[]>();
        var input = encoding.InputSize;
        for (var l = 0; l <= hiddenLayers; l++)
        {
            var output = l == hiddenLayers ? 1 : hidden;
            var scale = 1.0 / Math.Sqrt(input);
            weights.Add([.. Enumerable.Range(0, output * input).Select(_ => (float)(((2 * rng.NextDouble()) - 1) * 2 * scale))]);
            biases.Add([.. Enumerable.Range(0, output).Select(_ => (float)(((2 * rng.NextDouble()) - 1) * 0.2))]);
            input = output;
        }

        return new AccuracyPredictor(encoding, weights, biases, 0.7f);
    }

    /// <summary>Every candidate of a space (only for tiny spaces).</summary>
    public static IEnumerable<byte[]> All(CandidateSpace space)
    {
        var genes = new byte[space.GeneCount];
        while (true)
        {
            yield return [.. genes];
            var g = 0;
            while (g < genes.Length && ++genes[g] == space.Radix(g))
            {
                genes[g++] = 0;
            }

            if (g == genes.Length)
            {
                yield break;
            }
        }
    }
}
