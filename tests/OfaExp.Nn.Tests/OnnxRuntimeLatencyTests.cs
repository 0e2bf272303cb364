using System.Globalization;
using OfaExp.Core.Costs;
using OfaExp.Core.Execution;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Export;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Search;
using OfaExp.Nn.Training;
using OfaExp.Search;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// latency_table.runtime: onnxruntime. Each small ONNX graph the table times computes what the torch module it
/// stands for computes (so the table times the same work in the other runtime), run through the very sessions the
/// timing uses; and the phase, run on a tiny supernet, fills every table entry and records the check's metrics.
/// Entries other than the stem's have a session run's overhead taken off and are floored at 0, so they are only
/// checked to be non-negative; the stem's entry and every subnet's sum must be positive. No figure is asserted:
/// timings are measurements of a shared machine.
/// </summary>
public class OnnxRuntimeLatencyTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    [Fact]
    public void Every_timed_graph_computes_what_its_torch_module_computes()
    {
        var spec = Presets.TinyElastic with { Exits = SupernetExits.Early };
        var layout = MobileNetV3Layout.For(spec, Fashion);
        var space = new SubnetSpace(spec);
        var config = space.Uniform(5, 4, 4, 28, level: 1);
        using var net = new MobileNetV3(spec, Fashion, config, initSeed: 1);
        using var exit = ExitHead.For(layout, 2);
        TestWeights.Randomize(net, 5);
        TestWeights.Randomize(exit, 6);
        net.eval();
        exit.eval();
        using var noGrad = no_grad();
        using var ort = new OnnxRuntimeTimer(threads: 2, warmup: 0, repeats: 1);
        var checks = new List<(string Name, int Index, Tensor Expected)>();
        void Add(string name, byte[] model, Tensor input, Tensor expected) =>
            checks.Add((name, ort.Add(model, input.contiguous().data<float>().ToArray(), input.shape), expected));

        using var x = randn([2, 1, 28, 28], generator: new Generator(3));
        var y = net.blocks[0].forward(net.first_conv.forward(x));
        Add("stem", OnnxTimingModels.Stem(net, x.shape[1..], y.shape[1..]), x, y);
        for (var stage = 0; stage < config.Stages; stage++)
        {
            for (var i = 0; i < config.Depths[stage]; i++)
            {
                var slot = (stage * config.BlocksPerStage) + i;
                var block = net.blocks[1 + slot];
                var next = block.forward(y);
                Add($"block {slot}{(block.has_shortcut ? " (shortcut)" : "")}", OnnxTimingModels.Block(block, y.shape[1..], next.shape[1..]), y, next);
                y = next;
            }

            if (stage == 1)
            {
                Add("exit head 2", OnnxTimingModels.Head(exit, y.shape[1..]), y, exit.forward(y));
            }
        }

        Add("classifier head", OnnxTimingModels.Head(net, y.shape[1..]), y, ClassifierHead.Forward(y, net.final_expand_layer, net.feature_mix_layer, net.classifier, disposeFeatures: false));
        Add("whole network", OnnxTimingModels.Network(net, Fashion.Channels), x, net.forward(x));

        Assert.Contains(checks, c => c.Name.EndsWith("(shortcut)", StringComparison.Ordinal));
        foreach (var (name, index, expected) in checks)
        {
            using var actual = tensor(ort.Run(index)).view(expected.shape);
            var diff = TestWeights.MaxDiff(expected, actual);
            var message = string.Create(CultureInfo.InvariantCulture, $"{name} {string.Join('x', expected.shape)}: max abs diff {diff:E2}, max |value| {expected.abs().max().item<float>():F3}");
            output.WriteLine(message);
            Assert.True(diff <= Tolerance, message);
        }
    }

    [Fact]
    public void An_onnxruntime_latency_table_fills_every_entry_and_records_the_check()
    {
        var spec = Presets.TinySupernet with { Exits = SupernetExits.Early, KernelSizes = [3, 5], Resolutions = [24, 28] };
        var phase = Presets.FullPhase with { Name = "latency_table", Kind = PhaseKind.LatencyTable };
        var experiment = Presets.Experiment(1, spec, phase) with
        {
            LatencyTable = new LatencyTableSpec(Warmup: 1, Repeats: 3, CheckSubnets: 4, BatchSize: 1) { Runtime = LatencyRuntime.Onnxruntime },
        };
        var recorder = new InMemoryRecorder();
        var outcome = new LatencyTableTrainer().Run(new PhaseContext(experiment, phase, recorder), CancellationToken.None);

        var table = CostTable.FromBytes(outcome.ModelBytes);
        var space = table.Space;
        Assert.Equal([24, 28], table.Resolutions);
        for (var r = 0; r < table.Resolutions.Count; r++)
        {
            Assert.True(table.Base(r) > 0);
            for (var slot = 0; slot < spec.Stages * spec.Depths.Max(); slot++)
            {
                for (var k = 0; k < space.Kernels.Count; k++)
                {
                    Assert.True(table.Block(r, slot, k, 0) >= 0, $"resolution {table.Resolutions[r]} slot {slot} kernel {space.Kernels[k]}");
                }
            }

            for (var e = 0; e < space.Exits.Count; e++)
            {
                Assert.True(table.Head(r, e) >= 0, $"resolution {table.Resolutions[r]} exit {space.Exits[e]}");
            }
        }

        Assert.Equal(4, recorder.Evaluations.Count);
        Assert.All(recorder.Evaluations, c => Assert.True(c.LatencyMs > 0 && c.PredictedCost > 0));
        var metrics = recorder.Metrics.ToDictionary(m => m.Name, m => m.Value);
        // The executor adds where the run's time went (PhaseTimes); the trainer records the rest.
        Assert.Equal(
            PhaseMetrics.Of(PhaseKind.LatencyTable).Except(PhaseTimes.MetricNames).Order(StringComparer.Ordinal),
            metrics.Keys.Order(StringComparer.Ordinal));
        var (measured, predicted) = (recorder.Evaluations.Select(c => c.LatencyMs!.Value).ToList(), recorder.Evaluations.Select(c => c.PredictedCost!.Value).ToList());
        Assert.Equal(SearchStatistics.MeanPercentageError(measured, predicted), metrics[MeasurementMetrics.LatencyCheckMpe], 12);
        Assert.Equal(SearchStatistics.MeanAbsolutePercentageError(measured, predicted), metrics[MeasurementMetrics.LatencyCheckMape], 12);
        Assert.Equal(table.MinCost, metrics["min_ms"]);
        Assert.True(metrics["min_ms"] > 0 && metrics["call_overhead_ms"] > 0);
    }
}
