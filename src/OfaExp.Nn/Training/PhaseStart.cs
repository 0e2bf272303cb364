using OfaExp.Core.Runs;

namespace OfaExp.Nn.Training;

/// <summary>
/// Where an attempt of a phase starts (<see cref="PhaseResume.Start"/>): at step 0 of <paramref name="Epoch"/>, or,
/// from a mid-epoch checkpoint, at step <see cref="PartialEpoch.Steps"/> of it with the steps already trained.
/// </summary>
/// <param name="EpochMetrics">The last finished epoch's epoch-level metrics (what a phase with no epoch left returns).</param>
/// <param name="Resumed">Whether a checkpoint was restored (a fresh attempt may still have to prepare the network).</param>
public sealed record PhaseStart(int Epoch, PartialEpoch? Partial, IReadOnlyList<MetricPoint> EpochMetrics, bool Resumed)
{
    public static PhaseStart Fresh { get; } = new(0, null, [], false);
}
