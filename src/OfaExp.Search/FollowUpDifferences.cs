namespace OfaExp.Search;

/// <summary>
/// How far a multi-target strategy's results are from independent searches of the same targets, over the follow-up
/// targets only (the first target's full search is the independent one by construction, so counting it would dilute
/// the difference by (k-1)/k), in points of top-1, predicted and measured; and the noise floor: the same absolute
/// differences between the independent searches and a second set of independent searches with another seed.
/// Signed differences are strategy minus independent. All are NaN when there is no follow-up target.
/// </summary>
public sealed record FollowUpDifferences(
    int Targets,
    double PredictedDiff,
    double AbsPredictedDiff,
    double Top1Diff,
    double AbsTop1Diff,
    double NoiseAbsPredictedDiff,
    double NoiseAbsTop1Diff)
{
    /// <param name="followUps">Indices of the follow-up targets (every target but the first the strategy searched).</param>
    /// <param name="strategy">Per target, in the caller's order: the strategy's (predicted, measured) top-1.</param>
    /// <param name="independent">The same for the independent searches.</param>
    /// <param name="noise">The same for the independent searches with another seed.</param>
    public static FollowUpDifferences Of(
        IReadOnlyList<int> followUps,
        IReadOnlyList<(double Predicted, double Measured)> strategy,
        IReadOnlyList<(double Predicted, double Measured)> independent,
        IReadOnlyList<(double Predicted, double Measured)> noise)
    {
        ArgumentNullException.ThrowIfNull(followUps);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(independent);
        ArgumentNullException.ThrowIfNull(noise);
        if (strategy.Count != independent.Count || strategy.Count != noise.Count)
        {
            throw new ArgumentException($"One result per target is needed from each search; got {strategy.Count}, {independent.Count} and {noise.Count}.", nameof(independent));
        }

        double Mean(Func<int, double> difference) => followUps.Count == 0 ? double.NaN : followUps.Average(difference);
        return new FollowUpDifferences(
            followUps.Count,
            Mean(i => strategy[i].Predicted - independent[i].Predicted),
            Mean(i => Math.Abs(strategy[i].Predicted - independent[i].Predicted)),
            Mean(i => strategy[i].Measured - independent[i].Measured),
            Mean(i => Math.Abs(strategy[i].Measured - independent[i].Measured)),
            Mean(i => Math.Abs(noise[i].Predicted - independent[i].Predicted)),
            Mean(i => Math.Abs(noise[i].Measured - independent[i].Measured)));
    }
}
