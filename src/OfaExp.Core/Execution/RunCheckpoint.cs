namespace OfaExp.Core.Execution;

/// <summary>
/// State saved at the end of 0-based <paramref name="Epoch"/>, or, when <paramref name="MidEpoch"/>, part-way through
/// it (a run stopped by a signal saves one at the step boundary where it stopped).
/// </summary>
public sealed record RunCheckpoint(int Epoch, byte[] Bytes, bool MidEpoch = false)
{
    /// <summary>How many epochs the checkpoint has finished: metrics recorded for later epochs are stale.</summary>
    public int EpochsDone => MidEpoch ? Epoch : Epoch + 1;
}
