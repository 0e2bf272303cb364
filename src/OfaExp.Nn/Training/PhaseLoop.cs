using System.Diagnostics;
using OfaExp.Core.Runs;
using OfaExp.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// The epoch/step skeleton every phase trainer shares: per step the scheduled LR, the seeded batch, the trainer's
/// own step, progress and throttled heartbeats; per epoch the trainer's epoch metrics, then one batched metrics call
/// and the checkpoint (<see cref="EpochRecord"/>). Trainers differ only in what a step and an epoch's metrics are.
/// </summary>
internal sealed class PhaseLoop(PhaseContext context, TrainBatches train, LrSchedule schedule, SGD optimizer, nn.Module net)
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <param name="step">Trains one step on the filled batch (epoch, step, batch); returns its loss.</param>
    /// <param name="epochMetrics">The epoch-level metrics (validation included) from the epoch and its step losses.</param>
    /// <returns>The last epoch's metrics, or <paramref name="lastEpochMetrics"/> when no epoch was left to run.</returns>
    public IReadOnlyList<MetricPoint> Run(
        int startEpoch,
        IReadOnlyList<MetricPoint> lastEpochMetrics,
        Func<int, int, Batch, double> step,
        Func<int, double[], IReadOnlyList<MetricPoint>> epochMetrics,
        CancellationToken cancellationToken)
    {
        var (phase, recorder) = (context.Phase, context.Recorder);
        recorder.Heartbeat();
        var steps = train.StepsPerEpoch;
        var meter = new ProgressMeter(context.Progress, recorder.RunId, phase.Name, phase.TotalEpochs, steps, phase.BatchSize, startEpoch);
        var heartbeat = Stopwatch.StartNew();
        var buffer = train.CreateBuffer();
        for (var epoch = startEpoch; epoch < phase.TotalEpochs; epoch++)
        {
            net.train();
            var losses = new double[steps];
            for (var s = 0; s < steps; s++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                PhaseOptimizer.SetLearningRate(optimizer, schedule.At(epoch, s));
                train.Fill(epoch, s, buffer);
                losses[s] = step(epoch, s, buffer);
                meter.Step(epoch, s, losses[s]);
                if (heartbeat.Elapsed >= HeartbeatInterval)
                {
                    recorder.Heartbeat();
                    heartbeat.Restart();
                }
            }

            meter.EpochDone(epoch, losses.Average());
            lastEpochMetrics = epochMetrics(epoch, losses);
            EpochRecord.Save(recorder, epoch, losses, lastEpochMetrics, net, optimizer);
            heartbeat.Restart();
        }

        return lastEpochMetrics;
    }
}
