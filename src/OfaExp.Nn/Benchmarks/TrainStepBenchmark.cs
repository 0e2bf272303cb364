using System.Diagnostics;
using System.Globalization;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Benchmarks;

/// <summary>
/// Times one supernet training step (set subnet, forward, label-smoothed loss, backward, SGD step) of the width-1.0
/// OFA MobileNetV3 with OFA's ImageNet strides, 3-channel input and 10 classes: (a) the maximal subnet of the
/// elastic network, (b) a seeded random subnet each step, (c) the minimal subnet of the elastic network (what the
/// smallest shrinking steps train), (d) the maximal subnet extracted as a static network.
/// The four are stepped in turn, round by round, so that load from elsewhere on the machine hits them alike.
/// Inputs are seeded random tensors (speed does not depend on the pixels), laid out in the given memory format as a
/// run with that <c>device.memory_format</c> lays out its batches.
/// </summary>
public static class TrainStepBenchmark
{
    public static SupernetSpec Spec { get; } = new(
        "ofa_mbv3", 1.0, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [32], 0.1, 0.1, 1e-5);

    public static DatasetInfo Data { get; } = new("bench-random", 3, 32, 10, "");

    /// <param name="exits">supernet.exits of the timed supernet (OFAv2 variants); the random subnet draws exits too.</param>
    /// <param name="blocks">supernet.blocks of the timed supernet; the random subnet draws branch patterns too.</param>
    public static TrainStepTimings Run(
        int steps, int warmup, int threads, int batchSize = 64, int resolution = 32, Action<string>? log = null,
        SupernetExits exits = SupernetExits.Single, SupernetBlocks blocks = SupernetBlocks.Base, MemoryFormat format = MemoryFormat.ChannelsLast)
    {
        var spec = Spec with { Exits = exits, Blocks = blocks };
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        set_num_threads(threads);
        Threads.SpinGovernor.Attach(threads);
        using var generator = new Generator(0, CPU);
        generator.manual_seed(1);
        using var drawn = randn([batchSize, Data.Channels, resolution, resolution], generator: generator);
        using var labels = randint(Data.NumClasses, [batchSize], generator: generator);
        using var images = new TorchTarget(CPU, ScalarType.Float32, format).Arrange(drawn);

        using var supernet = new OfaMobileNetV3(spec, Data, SeedDerivation.Derive(1, "bench", "init"));
        using var randomNet = new OfaMobileNetV3(spec, Data, SeedDerivation.Derive(1, "bench", "init"));
        using var minNet = new OfaMobileNetV3(spec, Data, SeedDerivation.Derive(1, "bench", "init"));
        using var staticNet = supernet.get_active_subnet();
        supernet.train();
        randomNet.train();
        minNet.train();
        staticNet.train();
        using var maxOptimizer = Optimizer(supernet);
        using var randomOptimizer = Optimizer(randomNet);
        using var minOptimizer = Optimizer(minNet);
        var min = minNet.space.Min;
        using var staticOptimizer = Optimizer(staticNet);

        var times = new List<double>[] { [], [], [], [] };
        for (var step = 0; step < warmup + steps; step++)
        {
            var measured = step >= warmup;
            var sample = randomNet.space.Sample(SeedDerivation.Derive(1, "bench", "subnet", step));
            times[0].Add(Time(() => Step(supernet, maxOptimizer, images, labels, null)));
            times[1].Add(Time(() => Step(randomNet, randomOptimizer, images, labels, () => randomNet.set_active_subnet(sample))));
            times[2].Add(Time(() => Step(minNet, minOptimizer, images, labels, () => minNet.set_active_subnet(min))));
            times[3].Add(Time(() => Step(staticNet, staticOptimizer, images, labels, null)));
            log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"{(measured ? "step" : "warm-up")} {step + 1}: max {times[0][^1]:F0} ms, random {times[1][^1]:F0} ms ({sample}), min {times[2][^1]:F0} ms, static {times[3][^1]:F0} ms"));
        }

        double Median(List<double> t) => MedianOf(t.Skip(warmup).ToArray());
        return new TrainStepTimings(Median(times[0]), Median(times[1]), Median(times[2]), Median(times[3]), Core.Hardware.ProcessMemory.PeakResidentKb(), steps);
    }

    internal static SGD Optimizer(nn.Module net)
    {
        var groups = WeightDecayGroups.Split(net);
        return new SGD(
            [
                new SGD.ParamGroup(groups.Decay.Select(p => p.Parameter), new SGD.Options { LearningRate = 0.01, momentum = 0.9, nesterov = true, weight_decay = 3e-5 }),
                new SGD.ParamGroup(groups.NoDecay.Select(p => p.Parameter), new SGD.Options { LearningRate = 0.01, momentum = 0.9, nesterov = true, weight_decay = 0 }),
            ],
            lr: 0.01,
            momentum: 0.9,
            nesterov: true);
    }

    internal static void Step(nn.Module<Tensor, Tensor> net, SGD optimizer, Tensor images, Tensor labels, Action? setSubnet)
    {
        using var scope = NewDisposeScope();
        setSubnet?.Invoke();
        optimizer.zero_grad();
        var logits = net.forward(images);
        var loss = Losses.LabelSmoothedCrossEntropy(logits, labels, 0.1);
        loss.backward();
        optimizer.step();
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double MedianOf(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
