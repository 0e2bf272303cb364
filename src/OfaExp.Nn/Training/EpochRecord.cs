using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// The end of every training epoch, the same for all phase kinds: the epoch's per-step losses and epoch-level
/// metrics go to the store in one batched call, then the checkpoint that a resumed run starts from. A stopped run
/// saves the epoch so far instead (<see cref="SaveMidEpoch"/>).
/// </summary>
public static class EpochRecord
{
    /// <param name="timings">Where the recording and checkpoint time is added; null: not timed.</param>
    public static void Save(
        IRunRecorder recorder, int epoch, double[] losses, IReadOnlyList<MetricPoint> epochMetrics, nn.Module net, SGD optimizer, PhaseTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(losses);
        var steps = losses.Length;
        var stepMetrics = losses.Select((l, s) => new MetricPoint(epoch, (epoch * steps) + s, "loss", l));
        using (timings?.Time(TimeCategory.Recording))
        {
            recorder.RecordMetrics([.. stepMetrics, .. epochMetrics]);
        }

        using (timings?.Time(TimeCategory.Checkpoint))
        {
            var checkpoint = new TrainerCheckpoint(epoch, ModelState.Save(net), SgdState.Save(optimizer), epochMetrics, PhaseOptimizer.Stepped(net));
            recorder.SaveCheckpoint(epoch, checkpoint.ToBytes());
        }

        using (timings?.Time(TimeCategory.Recording))
        {
            recorder.Heartbeat();
        }
    }

    /// <summary>
    /// The checkpoint of a run stopped part-way through <paramref name="epoch"/>. Its per-step losses are recorded
    /// only when the epoch ends (by the attempt that finishes it), so the store never holds half an epoch's metrics.
    /// </summary>
    public static void SaveMidEpoch(IRunRecorder recorder, int epoch, PartialEpoch partial, nn.Module net, SGD optimizer)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        var checkpoint = new TrainerCheckpoint(epoch, ModelState.Save(net), SgdState.Save(optimizer), [], PhaseOptimizer.Stepped(net), partial);
        recorder.SaveMidEpochCheckpoint(epoch, checkpoint.ToBytes());
    }
}
