namespace OfaExp.Core.Spec;

/// <summary>
/// The data a run sees. <see cref="TrainSubset"/> images are drawn (seeded by <see cref="SplitSeed"/>) from the
/// dataset's train split (0 = all of it); <see cref="ValFraction"/> of them are held out for validation.
/// The test split is never read by training or model selection.
/// </summary>
public sealed record DataSpec(
    string Dataset,
    string Root,
    int TrainSubset,
    double ValFraction,
    int SplitSeed,
    AugmentSpec Augment)
{
    public DatasetInfo Info => DatasetInfo.Get(Dataset);

    /// <summary>The images held out for validation from a pool of <paramref name="pool"/> (the split's rule, shared with progress estimates).</summary>
    public int ValidationCount(int pool) => (int)Math.Round(ValFraction * pool, MidpointRounding.AwayFromZero);
}
