using System.Diagnostics;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// The epoch/step skeleton every phase trainer shares: per step the scheduled LR, the seeded batch, the trainer's
/// own step, progress and throttled heartbeats; per epoch the trainer's epoch metrics, then one batched metrics call
/// and the checkpoint (<see cref="EpochRecord"/>). Trainers differ only in what a step and an epoch's metrics are.
/// Cancellation is honoured at step boundaries only: a stopped attempt that trained steps since its last checkpoint
/// saves a mid-epoch one first, and a resumed attempt continues with the next step, so stopping loses nothing.
/// The loop times its parts in the context's <see cref="PhaseTimings"/>: waiting for batches, the steps, recording
/// and checkpoints; the epoch metrics time their own evaluations.
/// </summary>
internal sealed class PhaseLoop(PhaseContext context, ITrainBatchSource train, LrSchedule schedule, SGD optimizer, nn.Module net)
{
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);

    /// <param name="start">Where this attempt starts (<see cref="PhaseResume.Start"/>).</param>
    /// <param name="step">Trains one step on the filled batch (epoch, step, batch); returns its loss and how many of the batch's images it classified correctly (0 when the trainer does not count).</param>
    /// <param name="epochMetrics">The epoch-level metrics (validation included) from the epoch, its step losses and its correct count.</param>
    /// <returns>The last epoch's metrics, or the start's when no epoch was left to run.</returns>
    /// <exception cref="OperationCanceledException">Cancelled, after saving a mid-epoch checkpoint where steps would otherwise be lost.</exception>
    public IReadOnlyList<MetricPoint> Run(
        PhaseStart start,
        Func<int, int, Batch, (double Loss, long Correct)> step,
        Func<int, double[], long, IReadOnlyList<MetricPoint>> epochMetrics,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        var (phase, recorder, timings) = (context.Phase, context.Recorder, context.Timings);
        using (timings.Time(TimeCategory.Recording))
        {
            recorder.Heartbeat();
        }

        var steps = train.StepsPerEpoch;
        var meter = new ProgressMeter(context.Progress, recorder.RunId, phase.Name, phase.TotalEpochs, steps, phase.BatchSize, start.Epoch);
        var heartbeat = Stopwatch.StartNew();
        var lastEpochMetrics = start.EpochMetrics;
        for (var epoch = start.Epoch; epoch < phase.TotalEpochs; epoch++)
        {
            net.train();
            var losses = new double[steps];
            var correct = new long[steps];
            var first = 0;
            if (epoch == start.Epoch && start.Partial is { } partial)
            {
                for (; first < partial.Steps; first++)
                {
                    (losses[first], correct[first]) = (partial.Losses[first], partial.Correct[first]);
                }
            }

            for (var s = first; s < steps; s++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    // At s == first the latest checkpoint (or none, at the very start) already describes this point.
                    if (s > first)
                    {
                        using var saving = timings.Time(TimeCategory.Checkpoint);
                        EpochRecord.SaveMidEpoch(recorder, epoch, new PartialEpoch(losses[..s], correct[..s]), net, optimizer);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                }

                Batch batch;
                using (timings.Time(TimeCategory.BatchWait))
                {
                    batch = train.Get(epoch, s);
                }

                using (timings.Time(TimeCategory.TrainStep))
                {
                    PhaseOptimizer.SetLearningRate(optimizer, schedule.At(epoch, s));
                    (losses[s], correct[s]) = step(epoch, s, batch);
                }

                meter.Step(epoch, s, losses[s]);
                if (heartbeat.Elapsed >= HeartbeatInterval)
                {
                    using var beating = timings.Time(TimeCategory.Recording);
                    recorder.Heartbeat();
                    heartbeat.Restart();
                }
            }

            meter.EpochDone(epoch, losses.Average());
            lastEpochMetrics = epochMetrics(epoch, losses, correct.Sum());
            EpochRecord.Save(recorder, epoch, losses, lastEpochMetrics, net, optimizer, timings);
            heartbeat.Restart();
        }

        if (train is PrefetchedTrainBatches prefetched)
        {
            timings.AddBatchFill(prefetched.FillTime);
        }

        return lastEpochMetrics;
    }
}
