using OfaExp.Core.Execution;

namespace OfaExp.Nn.Tests;

/// <summary>
/// A progress sink that cancels <paramref name="cancel"/> at the first report <paramref name="when"/> accepts. The first
/// report of an attempt comes right after its first step, so cancelling there stops the attempt after exactly one
/// step, whatever the machine's speed.
/// </summary>
internal sealed class CancellingProgress(CancellationTokenSource cancel, Func<TrainProgress, bool> when) : IProgress<TrainProgress>
{
    public void Report(TrainProgress value)
    {
        if (when(value))
        {
            cancel.Cancel();
        }
    }
}
