using System.Diagnostics;
using OfaExp.Core.Execution;

namespace OfaExp.Nn.Training;

/// <summary>
/// Throttled progress for one phase attempt: at most one report per <see cref="Interval"/> plus one at each epoch
/// end. It only reads clocks and never feeds back into training, so reports cannot change results.
/// </summary>
internal sealed class ProgressMeter(
    IProgress<TrainProgress>? sink, string runId, string phase, int epochs, int stepsPerEpoch, int batchSize, int startEpoch)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastReport = -Interval;
    private long _stepsDone;

    public double ImagesPerSecond => _stepsDone * batchSize / Math.Max(_clock.Elapsed.TotalSeconds, 1e-9);

    public void Step(int epoch, int step, double loss)
    {
        _stepsDone++;
        if (sink is not null && _clock.Elapsed - _lastReport >= Interval)
        {
            Report(epoch, step, loss, "train");
        }
    }

    public void EpochDone(int epoch, double loss) => Report(epoch, stepsPerEpoch - 1, loss, "eval");

    private void Report(int epoch, int step, double loss, string stage)
    {
        if (sink is null)
        {
            return;
        }

        _lastReport = _clock.Elapsed;
        var remainingSteps = ((long)(epochs - epoch) * stepsPerEpoch) - step - 1;
        var perStep = _stepsDone == 0 ? TimeSpan.Zero : _clock.Elapsed / _stepsDone;
        var eta = _stepsDone == 0 || epochs == startEpoch ? TimeSpan.Zero : perStep * remainingSteps;
        sink.Report(new TrainProgress(runId, phase, epoch + 1, epochs, step + 1, stepsPerEpoch, loss, ImagesPerSecond, eta, stage));
    }
}
