using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace OfaExp.Nn.Search;

/// <summary>
/// Measures the latency table of a supernet's space on one device: at every resolution, the stem with the first
/// block, every block slot's MBConv at every kernel and expand choice (on the input it sees in the network), the two
/// parallel branches of parallel-block supernets, and every exit head; and whole subnets end to end, to check the
/// table. One static network per kernel and expand choice serves every resolution (weights do not change timings,
/// so they are freshly initialised), and all entries are timed in interleaved rounds (<see cref="LayerTimer"/>).
/// Each block entry times the whole residual block, so a block's identity-shortcut addition is in its entry (OFA's
/// tutorial table keys a block's entry by whether it has that shortcut, idskip). The additions of dense skips and
/// parallel sums are not in the table: they are not timed.
/// </summary>
public sealed class LatencyMeasurement(SupernetSpec supernet, DatasetInfo data, LatencyTableSpec settings, TorchTarget target)
{
    private readonly LayerTimer _timer = new(settings.Warmup, settings.Repeats, target.Device);
    private readonly MobileNetV3Layout _layout = MobileNetV3Layout.For(supernet, data);

    /// <summary>The table's parts per resolution (ascending) in milliseconds, indexed like <see cref="NetworkCost.PartsOf"/>.</summary>
    public IReadOnlyList<CostParts> Measure(Action<string>? onProgress = null)
    {
        var space = new SubnetSpace(supernet);
        var (kernels, expands, resolutions) = (space.All.Kernels, space.All.Expands, space.All.Resolutions);
        var stages = _layout.StageWidths.Count;
        var slots = stages * _layout.MaxDepth;
        var parts = resolutions.Select(_ => new CostParts(
            0,
            [.. Enumerable.Range(0, slots).Select(_ => kernels.Select(_ => new double[expands.Count]).ToArray())],
            new double[slots],
            new double[slots],
            new double[stages])).ToArray();

        using var scope = NewDisposeScope();
        var modules = new List<IDisposable>();
        var computations = new List<Func<Tensor>>();
        var sinks = new List<Action<double>>();
        void Time(Func<Tensor> computation, Action<double> sink)
        {
            computations.Add(computation);
            sinks.Add(sink);
        }

        try
        {
            using var noGrad = no_grad();
            for (var ki = 0; ki < kernels.Count; ki++)
            {
                for (var ei = 0; ei < expands.Count; ei++)
                {
                    var net = new MobileNetV3(supernet, data, space.Uniform(kernels[ki], expands[ei], space.All.Depths[^1], resolutions[^1], level: 1), initSeed: 1);
                    modules.Add(net);
                    target.Place(net).eval();
                    var first = ki == 0 && ei == 0;
                    for (var r = 0; r < resolutions.Count; r++)
                    {
                        var (p, at) = (parts[r], r);
                        var x = randn(settings.BatchSize, data.Channels, resolutions[r], resolutions[r], dtype: target.DType, device: target.Device);
                        if (first)
                        {
                            Time(() => net.blocks[0].forward(net.first_conv.forward(x)), ms => parts[at] = parts[at] with { Base = ms });
                        }

                        var y = net.blocks[0].forward(net.first_conv.forward(x));
                        for (var stage = 0; stage < stages; stage++)
                        {
                            for (var i = 0; i < _layout.MaxDepth; i++)
                            {
                                var slot = (stage * _layout.MaxDepth) + i;
                                var (module, input, k, e) = (net.blocks[1 + slot], y, ki, ei);
                                Time(() => module.forward(input), ms => p.Block[slot][k][e] = ms);
                                if (first && supernet.HasParallelBlocks)
                                {
                                    var conv = Branch(stage, i, 2, modules);
                                    var transform = Branch(stage, i, 4, modules);
                                    Time(() => conv.forward(input), ms => p.Conv1x1[slot] = ms);
                                    Time(() => transform.forward(input), ms => p.Transform[slot] = ms);
                                }

                                y = module.forward(input);
                            }

                            if (first && (stage == stages - 1 || supernet.HasEarlyExits))
                            {
                                var (features, s) = (y, stage);
                                Time(Head(net, stage, features, modules), ms => p.Heads[s] = ms);
                            }
                        }
                    }
                }
            }

            onProgress?.Invoke($"time {computations.Count} layer shapes in {settings.Repeats} interleaved rounds");
            var medians = _timer.MedianMs(computations, (round, rounds) => onProgress?.Invoke($"timing round {round + 1}/{rounds} of {computations.Count} layer shapes"));
            for (var i = 0; i < medians.Length; i++)
            {
                sinks[i](medians[i]);
            }

            return parts;
        }
        finally
        {
            modules.ForEach(m => m.Dispose());
        }
    }

    /// <summary>The median end-to-end times of <paramref name="configs"/> as static networks, in milliseconds, timed in interleaved rounds.</summary>
    public double[] MeasureSubnets(IReadOnlyList<SubnetConfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        using var scope = NewDisposeScope();
        var nets = configs.Select(c => new MobileNetV3(supernet, data, c, initSeed: 1)).ToList();
        try
        {
            var computations = new List<Func<Tensor>>();
            for (var i = 0; i < nets.Count; i++)
            {
                var (net, x) = (nets[i], randn(settings.BatchSize, data.Channels, configs[i].Resolution, configs[i].Resolution, dtype: target.DType, device: target.Device));
                target.Place(net).eval();
                computations.Add(() => net.forward(x));
            }

            return _timer.MedianMs(computations);
        }
        finally
        {
            nets.ForEach(n => n.Dispose());
        }
    }

    private ParallelBranches Branch(int stage, int index, int mask, List<IDisposable> modules)
    {
        var branch = ParallelBranches.Create(
            _layout.BlockInput(stage, index), _layout.StageWidths[stage], _layout.BlockStride(stage, index), _layout.StageActivations[stage], _layout.BatchNorm, mask);
        modules.Add(branch);
        target.Place(branch).eval();
        return branch;
    }

    private Func<Tensor> Head(MobileNetV3 net, int stage, Tensor features, List<IDisposable> modules)
    {
        if (stage == _layout.StageWidths.Count - 1)
        {
            return () => ClassifierHead.Forward(features, net.final_expand_layer, net.feature_mix_layer, net.classifier, disposeFeatures: false);
        }

        var head = ExitHead.For(_layout, stage + 1);
        modules.Add(head);
        target.Place(head).eval();
        return () => head.forward(features);
    }
}
