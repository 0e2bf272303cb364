using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Export;
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
/// so they are freshly initialised), and all entries are timed in interleaved rounds (<see cref="RoundRobinTimer"/>).
/// Each block entry times the whole residual block, so a block's identity-shortcut addition is in its entry (OFA's
/// tutorial table keys a block's entry by whether it has that shortcut, idskip). The additions of dense skips and
/// parallel sums are not in the table: they are not timed.
/// <para>
/// <see cref="LatencyTableSpec.Runtime"/> says where: libtorch runs the torch modules on the target device
/// (<see cref="LayerTimer"/>); ONNX Runtime runs each entry as its own small ONNX graph of the same module and each
/// checked subnet as its whole exported graph (<see cref="OnnxTimingModels"/>, <see cref="OnnxRuntimeTimer"/> with
/// <paramref name="threads"/> intra-op threads), on the CPU in float32.
/// </para>
/// </summary>
public sealed class LatencyMeasurement(SupernetSpec supernet, DatasetInfo data, LatencyTableSpec settings, TorchTarget target, int threads)
{
    private readonly LayerTimer _timer = new(settings.Warmup, settings.Repeats, target.Device);
    private readonly MobileNetV3Layout _layout = MobileNetV3Layout.For(supernet, data);

    private bool OnOnnxRuntime => settings.Runtime == LatencyRuntime.Onnxruntime;

    /// <summary>
    /// The table, and <paramref name="checks"/> timed end to end in the same interleaved rounds as its entries: the
    /// check compares table and whole networks measured on the same machine at the same moments, so a shared machine
    /// that speeds up or slows down between two separate measurements (by 10 % and more on a small VM) does not show
    /// up as the table's error.
    /// </summary>
    public MeasuredTable Measure(IReadOnlyList<SubnetConfig> checks, Action<string>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(checks);
        if (OnOnnxRuntime && supernet.HasParallelBlocks)
        {
            // SpecBuilder refuses latency tables of parallel-block supernets; a caller that skipped it gets told why.
            throw new ArgumentException("ONNX Runtime latency tables do not time the branches of parallel-block supernets.", nameof(supernet));
        }

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
        var entries = new List<TimedEntry>();
        void Time(Func<Tensor> computation, Func<byte[]>? onnx, Tensor input, Action<double> sink, bool inner = true) =>
            entries.Add(new TimedEntry(computation, onnx, input, sink, inner));

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
                        var y = net.blocks[0].forward(net.first_conv.forward(x));
                        if (first)
                        {
                            var stem = y;
                            Time(() => net.blocks[0].forward(net.first_conv.forward(x)), () => OnnxTimingModels.Stem(net, Dims(x), Dims(stem)), x, ms => parts[at] = parts[at] with { Base = ms }, inner: false);
                        }

                        for (var stage = 0; stage < stages; stage++)
                        {
                            for (var i = 0; i < _layout.MaxDepth; i++)
                            {
                                var slot = (stage * _layout.MaxDepth) + i;
                                var (module, input, k, e) = (net.blocks[1 + slot], y, ki, ei);
                                var output = module.forward(input);
                                Time(() => module.forward(input), () => OnnxTimingModels.Block(module, Dims(input), Dims(output)), input, ms => p.Block[slot][k][e] = ms);
                                if (first && supernet.HasParallelBlocks)
                                {
                                    var conv = Branch(stage, i, 2, modules);
                                    var transform = Branch(stage, i, 4, modules);
                                    Time(() => conv.forward(input), null, input, ms => p.Conv1x1[slot] = ms);
                                    Time(() => transform.forward(input), null, input, ms => p.Transform[slot] = ms);
                                }

                                y = output;
                            }

                            if (first && (stage == stages - 1 || supernet.HasEarlyExits))
                            {
                                var (features, s) = (y, stage);
                                var (head, onnx) = Head(net, stage, features, modules);
                                Time(head, onnx, features, ms => p.Heads[s] = ms);
                            }
                        }
                    }
                }
            }

            var checkMs = new double[checks.Count];
            var tableEntries = entries.Count;
            entries.AddRange(checks.Select((c, i) => WholeNetwork(c, modules, ms => checkMs[i] = ms)));
            onProgress?.Invoke($"time {tableEntries} layer shapes and {checks.Count} whole subnets in {settings.Repeats} interleaved rounds");
            void OnRound(int round, int rounds) => onProgress?.Invoke($"timing round {round + 1}/{rounds} of {tableEntries} layer shapes and {checks.Count} subnets");
            var overhead = TimeAll(entries, callOverhead: true, OnRound);
            return new MeasuredTable(parts, checkMs, overhead);
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
        var modules = new List<IDisposable>();
        try
        {
            using var noGrad = no_grad();
            var ms = new double[configs.Count];
            TimeAll([.. configs.Select((c, i) => WholeNetwork(c, modules, m => ms[i] = m))], callOverhead: false, null);
            return ms;
        }
        finally
        {
            modules.ForEach(m => m.Dispose());
        }
    }

    /// <summary>
    /// Times <paramref name="entries"/> in interleaved rounds in the run's runtime and hands each its median, inner
    /// entries less the overhead of a session run when <paramref name="callOverhead"/> (ONNX Runtime only: a
    /// passthrough graph on the first entry's input, timed last in the same rounds, so it sees the same machine).
    /// Returns that overhead, or null.
    /// </summary>
    private double? TimeAll(IReadOnlyList<TimedEntry> entries, bool callOverhead, Action<int, int>? onRound)
    {
        double[] medians;
        double? overhead = null;
        if (OnOnnxRuntime)
        {
            using var ort = new OnnxRuntimeTimer(threads, settings.Warmup, settings.Repeats);
            foreach (var entry in entries)
            {
                ort.Add(entry.Onnx!(), Values(entry.Input), entry.Input.shape);
            }

            var input = entries[0].Input;
            var probe = callOverhead ? ort.Add(OnnxTimingModels.Passthrough(Dims(input)), Values(input), input.shape) : -1;
            medians = ort.MedianMs(onRound);
            overhead = callOverhead ? medians[probe] : null;
        }
        else
        {
            medians = _timer.MedianMs([.. entries.Select(e => e.Torch)], onRound);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            // A network is one session run, its parts one run each: every part but the stem gives back the
            // overhead of its own run, so a subnet's sum pays it once, as the network does.
            entries[i].Sink(entries[i].Inner ? Math.Max(medians[i] - (overhead ?? 0), 0) : medians[i]);
        }

        return overhead;
    }

    /// <summary>A whole static subnet (freshly initialised, in eval mode on the target) on a random batch, as one timed entry.</summary>
    private TimedEntry WholeNetwork(SubnetConfig config, List<IDisposable> modules, Action<double> sink)
    {
        var net = new MobileNetV3(supernet, data, config, initSeed: 1);
        modules.Add(net);
        target.Place(net).eval();
        var x = randn(settings.BatchSize, data.Channels, config.Resolution, config.Resolution, dtype: target.DType, device: target.Device);
        return new TimedEntry(() => net.forward(x), () => OnnxTimingModels.Network(net, data.Channels), x, sink, Inner: false);
    }

    /// <summary>A tensor's axes after the batch axis.</summary>
    private static long[] Dims(Tensor t) => t.shape[1..];

    private static float[] Values(Tensor t)
    {
        using var cpu = t.detach().to(ScalarType.Float32, CPU).contiguous();
        return cpu.data<float>().ToArray();
    }

    private ParallelBranches Branch(int stage, int index, int mask, List<IDisposable> modules)
    {
        var branch = ParallelBranches.Create(
            _layout.BlockInput(stage, index), _layout.StageWidths[stage], _layout.BlockStride(stage, index), _layout.StageActivations[stage], _layout.BatchNorm, mask);
        modules.Add(branch);
        target.Place(branch).eval();
        return branch;
    }

    /// <summary>The head after <paramref name="stage"/>, as a torch computation on <paramref name="features"/> and as an ONNX model factory.</summary>
    private (Func<Tensor> Torch, Func<byte[]> Onnx) Head(MobileNetV3 net, int stage, Tensor features, List<IDisposable> modules)
    {
        if (stage == _layout.StageWidths.Count - 1)
        {
            return (() => ClassifierHead.Forward(features, net.final_expand_layer, net.feature_mix_layer, net.classifier, disposeFeatures: false),
                () => OnnxTimingModels.Head(net, Dims(features)));
        }

        var head = ExitHead.For(_layout, stage + 1);
        modules.Add(head);
        target.Place(head).eval();
        return (() => head.forward(features), () => OnnxTimingModels.Head(head, Dims(features)));
    }

    /// <summary>
    /// One table entry: its torch computation, its ONNX model (null where only libtorch times it), its input, where its
    /// median goes, and whether it runs inside a network's call (every part but the stem, which starts the call).
    /// </summary>
    private sealed record TimedEntry(Func<Tensor> Torch, Func<byte[]>? Onnx, Tensor Input, Action<double> Sink, bool Inner);
}
