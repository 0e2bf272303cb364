using OfaExp.Core.Search;
using System.Diagnostics;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;

namespace OfaExp.Search;

/// <summary>
/// A self-contained timing of the search on an OFA-ImageNet-sized space (5 stages x 4 slots, K {3,5,7}, E {3,4,6},
/// D {2,3,4}, resolutions 128..224 step 4) with a synthetic MobileNetV3-like FLOPs table and a predictor of OFA's
/// shape whose weights are pseudo-random plus a structured capacity signal (accuracy grows with kernel, expand, depth
/// and resolution, with diminishing returns), so the search has a real trade-off to find. Nothing is read from disk.
/// </summary>
public static class SearchBenchmark
{
    // OFA MobileNetV3 (width 1.0): stage output channels, the stem's 16 and the last stage's head widths.
    private static readonly int[] Widths = [24, 40, 80, 112, 160];
    private static readonly int[] Strides = [2, 2, 2, 1, 2];

    public static SupernetSpec Spec() => new(
        "ofa_mbv3", 1.0, 2, Strides, [3, 5, 7], [3, 4, 6], [2, 3, 4], [.. Enumerable.Range(0, 25).Select(i => 128 + (4 * i))], 0.1, 0.1, 1e-5);

    public static CandidateSpace Space() => new(new SubnetSpace(Spec()));

    /// <summary>MFLOPs of MobileNetV3 layers: 1x1 expand, k x k depthwise and 1x1 project per MBConv at its output size.</summary>
    public static CostTable Costs(CandidateSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var rs = space.Resolutions.Count;
        var @base = new double[rs];
        var block = new double[rs][][][];
        var conv = new double[rs][];
        var transform = new double[rs][];
        var head = new double[rs][];
        for (var r = 0; r < rs; r++)
        {
            var res = (double)space.Resolutions[r];
            var stem = res / 2;

            // Stem 3x3 conv 3->16 at stride 2, then OFA's fixed first block (3x3 depthwise + 1x1 16->16).
            @base[r] = Mega(stem * stem * ((27 * 16) + (9 * 16) + (16 * 16)));
            block[r] = new double[space.Slots][][];
            conv[r] = new double[space.Slots];
            transform[r] = new double[space.Slots];
            var size = stem;
            for (var s = 0; s < space.Stages; s++)
            {
                size /= Strides[s];
                var hw = size * size;
                for (var b = 0; b < space.BlocksPerStage; b++)
                {
                    var slot = (s * space.BlocksPerStage) + b;
                    var cin = b == 0 ? (s == 0 ? 16 : Widths[s - 1]) : Widths[s];
                    var cout = Widths[s];
                    block[r][slot] = new double[space.Kernels.Count][];
                    for (var k = 0; k < space.Kernels.Count; k++)
                    {
                        block[r][slot][k] = new double[space.Expands.Count];
                        for (var e = 0; e < space.Expands.Count; e++)
                        {
                            var mid = cin * space.Expands[e];
                            var kk = space.Kernels[k] * space.Kernels[k];
                            block[r][slot][k][e] = Mega(hw * ((cin * mid) + (kk * mid) + (mid * cout)));
                        }
                    }

                    conv[r][slot] = Mega(hw * cin * cout);
                    transform[r][slot] = Mega(hw * cin);
                }
            }

            head[r] = new double[space.Exits.Count];
            for (var x = 0; x < space.Exits.Count; x++)
            {
                // Final 1x1 conv to 960 at the exit's size, pooled 960->1280 and the 1000-way classifier.
                var exitSize = stem;
                for (var s = 0; s < space.Exits[x]; s++)
                {
                    exitSize /= Strides[s];
                }

                head[r][x] = Mega((exitSize * exitSize * Widths[space.Exits[x] - 1] * 960) + (960 * 1280) + (1280 * 1000));
            }
        }

        return new CostTable(space, "MFLOPs", @base, block, conv, transform, head);
    }

    /// <summary>
    /// OFA's predictor shape (3 x <paramref name="hidden"/> ReLU) with deterministic weights: units 0..3 carry a
    /// capacity score through identity rows with rising thresholds (a concave accuracy curve, in points around 70-78);
    /// every other unit is pseudo-random, adding a few tenths of a point of structure the search must find.
    /// </summary>
    public static AccuracyPredictor Predictor(CandidateSpace space, ulong seed, int hidden = 400)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentOutOfRangeException.ThrowIfLessThan(hidden, 8);
        var encoding = new PredictorEncoding(space);
        var input = encoding.InputSize;
        var rng = new SplitMix64(SeedDerivation.Derive(seed, "benchmark-predictor"));
        float Uniform(ref SplitMix64 g, double scale) => (float)(((2 * g.NextDouble()) - 1) * scale);

        var w1 = new float[hidden * input];
        var b1 = new float[hidden];
        for (var i = 0; i < w1.Length; i++)
        {
            w1[i] = Uniform(ref rng, 0.15);
        }

        for (var o = 0; o < hidden; o++)
        {
            b1[o] = Uniform(ref rng, 0.1) + 0.05f;
        }

        // Capacity score: 0.5 per active block plus 0.3 per kernel step and 0.4 per expand step; resolution 0.08 per step.
        var k = space.Kernels.Count;
        var e = space.Expands.Count;
        float[] thresholds = [0f, 18f, 26f, 33f];
        for (var unit = 0; unit < thresholds.Length; unit++)
        {
            for (var i = 0; i < input; i++)
            {
                w1[(unit * input) + i] = 0;
            }

            for (var slot = 0; slot < space.Slots; slot++)
            {
                var offset = slot * (k + e);
                for (var ki = 0; ki < k; ki++)
                {
                    w1[(unit * input) + offset + ki] = 0.25f + (0.3f * ki);
                }

                for (var ei = 0; ei < e; ei++)
                {
                    w1[(unit * input) + offset + k + ei] = 0.25f + (0.4f * ei);
                }
            }

            for (var r = 0; r < space.Resolutions.Count; r++)
            {
                w1[(unit * input) + encoding.ResolutionOffset + r] = 0.12f * r;
            }

            b1[unit] = -thresholds[unit];
        }

        var weights = new List<float[]> { w1 };
        var biases = new List<float[]> { b1 };
        for (var layer = 0; layer < 2; layer++)
        {
            var w = new float[hidden * hidden];
            var b = new float[hidden];
            var scale = 1.5 / Math.Sqrt(hidden);
            for (var o = 0; o < hidden; o++)
            {
                for (var i = 0; i < hidden; i++)
                {
                    w[(o * hidden) + i] = o < thresholds.Length ? (o == i ? 1f : 0f) : Uniform(ref rng, scale);
                }

                b[o] = o < thresholds.Length ? 0f : Uniform(ref rng, 0.05);
            }

            weights.Add(w);
            biases.Add(b);
        }

        var wOut = new float[hidden];
        for (var i = 0; i < hidden; i++)
        {
            wOut[i] = i switch
            {
                0 => 0.3f,
                1 => -0.1f,
                2 => -0.1f,
                3 => -0.06f,
                _ => Uniform(ref rng, 0.04),
            };
        }

        weights.Add(wOut);
        biases.Add([0f]);
        return new AccuracyPredictor(encoding, weights, biases, 68f);
    }

    /// <summary><paramref name="count"/> targets evenly spread over the middle of the space's cost range (the ends need astronomically many rejections).</summary>
    public static double[] Targets(CostTable costs, int count)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var (lo, hi) = (costs.MinCost, costs.MaxCost);
        return [.. Enumerable.Range(0, count).Select(i => lo + ((hi - lo) * (0.2 + (0.6 * (count == 1 ? 0.5 : (double)i / (count - 1))))))];
    }

    public static SearchBenchmarkResult Run(SearchBenchmarkOptions? options = null)
    {
        options ??= new SearchBenchmarkOptions();
        var settings = options.Settings ?? new EvolutionSettings();
        var space = Space();
        var costs = Costs(space);
        var predictor = Predictor(space, options.Seed);
        var threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        predictor = predictor.WithThreads(threads);
        var targets = Targets(costs, options.TargetCount);

        // (a) One target in the middle of the range, each run with a cold cache; the first run also pays the JIT.
        var single = targets[targets.Length / 2];
        var singleSeed = SeedDerivation.Derive(options.Seed, "single");
        var cold = Stopwatch.StartNew();
        var outcome = new EvolutionSearch(costs, predictor, settings).Run(single, singleSeed);
        cold.Stop();
        var singleSeconds = cold.Elapsed.TotalSeconds;
        for (var rep = 0; rep < options.Repeats; rep++)
        {
            var watch = Stopwatch.StartNew();
            new EvolutionSearch(costs, predictor, settings).Run(single, singleSeed);
            singleSeconds = Math.Min(singleSeconds, watch.Elapsed.TotalSeconds);
        }

        // (b) Every strategy over the same targets; each run has its own cold cache; the fastest of the repeats counts.
        var multi = new MultiTargetSearch(costs, predictor, settings);
        var strategies = options.Strategies ?? [SearchStrategy.Independent, SearchStrategy.BottomUp, SearchStrategy.TopDown];
        (IReadOnlyList<TargetOutcome> Results, double Seconds) Timed(SearchStrategy strategy)
        {
            IReadOnlyList<TargetOutcome> results = [];
            var best = double.PositiveInfinity;
            for (var rep = 0; rep < Math.Max(1, options.Repeats); rep++)
            {
                results = multi.Run(targets, strategy, options.Seed, options.FollowUpGenerations);
                best = Math.Min(best, results.Sum(t => t.WallTime.TotalSeconds));
            }

            return (results, best);
        }

        var (independent, independentSeconds) = Timed(SearchStrategy.Independent);
        var timings = new List<StrategyTiming>
        {
            new(SearchStrategy.Independent, independentSeconds, 1.0, 0.0, independent.Sum(t => t.Outcome.PredictorEvaluations)),
        };
        foreach (var strategy in strategies.Where(s => s != SearchStrategy.Independent).Distinct())
        {
            var (results, seconds) = Timed(strategy);
            var diff = results.Select((t, i) => Math.Abs(t.Outcome.BestAccuracy - (double)independent[i].Outcome.BestAccuracy)).Average();
            timings.Add(new StrategyTiming(strategy, seconds, independentSeconds / seconds, diff, results.Sum(t => t.Outcome.PredictorEvaluations)));
        }

        return new SearchBenchmarkResult(
            singleSeconds, cold.Elapsed.TotalSeconds, single, outcome.BestAccuracy, outcome.PredictorEvaluations, targets, options.FollowUpGenerations, threads, timings);
    }

    private static double Mega(double flops) => flops / 1e6;
}
