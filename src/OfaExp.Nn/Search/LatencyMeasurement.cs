using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace OfaExp.Nn.Search;

/// <summary>
/// Measures the latency table of a supernet's space on one device: for every resolution, the stem with the first
/// block, every block slot's MBConv at every kernel and expand choice (on the input it sees in the network), the two
/// parallel branches of parallel-block supernets, and every exit head; plus whole subnets end to end, to check the
/// table. Weights do not change timings, so the networks are freshly initialised static subnets. The additions of
/// dense skips and parallel sums are not in the table (they cost what a residual addition costs, which OFA's tables
/// leave out as well).
/// </summary>
public sealed class LatencyMeasurement(SupernetSpec supernet, DatasetInfo data, LatencyTableSpec settings, Device device)
{
    private readonly LayerTimer _timer = new(settings.Warmup, settings.Repeats, device);
    private readonly MobileNetV3Layout _layout = MobileNetV3Layout.For(supernet, data);

    /// <summary>The table's parts at <paramref name="resolution"/> in milliseconds, indexed like <see cref="NetworkCost.PartsOf"/>.</summary>
    public CostParts Measure(int resolution, Action<string>? onShape = null)
    {
        var space = new SubnetSpace(supernet);
        var (kernels, expands) = (space.All.Kernels, space.All.Expands);
        var stages = _layout.StageWidths.Count;
        var slots = stages * _layout.MaxDepth;
        var block = Enumerable.Range(0, slots).Select(_ => kernels.Select(_ => new double[expands.Count]).ToArray()).ToArray();
        var conv1x1 = new double[slots];
        var transform = new double[slots];
        var heads = new double[stages];
        double baseMs = 0;
        for (var ki = 0; ki < kernels.Count; ki++)
        {
            for (var ei = 0; ei < expands.Count; ei++)
            {
                onShape?.Invoke($"{resolution}px, kernel {kernels[ki]}, expand {expands[ei]}");
                var config = space.Uniform(kernels[ki], expands[ei], space.All.Depths[^1], resolution, level: 1);
                using var scope = NewDisposeScope();
                using var net = new MobileNetV3(supernet, data, config, initSeed: 1);
                net.to(device).eval();
                using var noGrad = no_grad();
                var x = randn(settings.BatchSize, data.Channels, resolution, resolution, device: device);
                var first = ki == 0 && ei == 0;
                if (first)
                {
                    baseMs = _timer.MedianMs(() => net.blocks[0].forward(net.first_conv.forward(x)));
                }

                var y = net.blocks[0].forward(net.first_conv.forward(x));
                for (var stage = 0; stage < stages; stage++)
                {
                    for (var i = 0; i < _layout.MaxDepth; i++)
                    {
                        var slot = (stage * _layout.MaxDepth) + i;
                        var module = net.blocks[1 + slot];
                        var input = y;
                        block[slot][ki][ei] = _timer.MedianMs(() => module.forward(input));
                        if (first && supernet.HasParallelBlocks)
                        {
                            conv1x1[slot] = TimeBranch(stage, i, 2, input);
                            transform[slot] = TimeBranch(stage, i, 4, input);
                        }

                        y = module.forward(input);
                    }

                    if (first)
                    {
                        heads[stage] = TimeHead(net, stage, y);
                    }
                }
            }
        }

        return new CostParts(baseMs, block, conv1x1, transform, heads);
    }

    /// <summary>The median end-to-end time of <paramref name="config"/> as a static network, in milliseconds.</summary>
    public double MeasureSubnet(SubnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var scope = NewDisposeScope();
        using var net = new MobileNetV3(supernet, data, config, initSeed: 1);
        net.to(device).eval();
        var x = randn(settings.BatchSize, data.Channels, config.Resolution, config.Resolution, device: device);
        return _timer.MedianMs(() => net.forward(x));
    }

    private double TimeBranch(int stage, int index, int mask, Tensor input)
    {
        using var branch = ParallelBranches.Create(
            _layout.BlockInput(stage, index), _layout.StageWidths[stage], _layout.BlockStride(stage, index), _layout.StageActivations[stage], _layout.BatchNorm, mask);
        branch.to(device).eval();
        return _timer.MedianMs(() => branch.forward(input));
    }

    private double TimeHead(MobileNetV3 net, int stage, Tensor features)
    {
        if (stage == _layout.StageWidths.Count - 1)
        {
            return _timer.MedianMs(() => ClassifierHead.Forward(features, net.final_expand_layer, net.feature_mix_layer, net.classifier, disposeFeatures: false));
        }

        if (!supernet.HasEarlyExits)
        {
            return 0;
        }

        using var head = ExitHead.For(_layout, stage + 1);
        head.to(device).eval();
        return _timer.MedianMs(() => head.forward(features));
    }
}
