using System.Diagnostics;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Data;
using OfaExp.Data.ImageFolder;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using static TorchSharp.torch;

namespace OfaExp.Nn.Benchmarks;

/// <summary>
/// Is a training run slowed by its data? Times random-subnet training steps of <see cref="TrainStepBenchmark"/>'s
/// supernet fed batch by batch from an image folder through <see cref="FolderTrainBatches"/> (decode threads working
/// beside the step, as in a run), against the same steps fed one already-decoded batch of the same shape. The two
/// alternate in blocks so that other load hits both; the first batches of each pipeline block are not counted, since
/// the decode threads filled the queue while the other block ran.
/// </summary>
public static class FolderTrainStepBenchmark
{
    private static readonly ChannelStats ImageNetStats = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    public static FolderTrainStepTimings Run(string root, int steps, int rounds, int threads, int decodeThreads, int batchSize = 64, int resolution = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        var layout = FolderListings.Open(root);
        var reader = new FolderSampleReader(layout.Train, ImageNetStats, seed: 1, minScale: 0.08, horizontalFlip: true);
        using var source = new FolderTrainBatches(reader, batchSize, (_, _) => resolution, decodeThreads);
        set_num_threads(threads);
        var target = new TorchTarget(CPU, ScalarType.Float32);
        var data = new DatasetInfo("bench-folder", 3, resolution, layout.Classes.Count, "");
        using var net = new OfaMobileNetV3(TrainStepBenchmark.Spec, data, SeedDerivation.Derive(1, "bench", "init"));
        net.train();
        using var optimizer = TrainStepBenchmark.Optimizer(net);
        var (fixedImages, fixedLabels) = BatchTensors.ToDevice(source.Get(0, 0), target, resolution);
        using var images = fixedImages;
        using var labels = fixedLabels;

        var position = 1;
        var skipped = ImageBatchPipeline.DefaultCapacity;
        var fed = new List<double>();
        var decoded = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < steps + skipped; i++)
            {
                var (epoch, step) = Math.DivRem(position++, source.StepsPerEpoch);
                var subnet = net.space.Sample(SeedDerivation.Derive(1, "bench", "subnet", i));
                var clock = Stopwatch.StartNew();
                using (NewDisposeScope())
                {
                    var (x, y) = BatchTensors.ToDevice(source.Get(epoch, step), target, resolution);
                    TrainStepBenchmark.Step(net, optimizer, x, y, () => net.set_active_subnet(subnet));
                }

                if (i >= skipped)
                {
                    fed.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            for (var i = 0; i < steps; i++)
            {
                var subnet = net.space.Sample(SeedDerivation.Derive(1, "bench", "subnet", i + skipped));
                var clock = Stopwatch.StartNew();
                TrainStepBenchmark.Step(net, optimizer, images, labels, () => net.set_active_subnet(subnet));
                decoded.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        return new FolderTrainStepTimings(fed.Average(), decoded.Average(), steps, rounds, layout.Train.Count, decodeThreads);
    }
}
