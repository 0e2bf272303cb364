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
    /// <summary>
    /// The class count of a data set whose classes are its folders (image_folder), once counted from the files
    /// (<c>DatasetCatalog.WithClasses</c>); 0 means the <see cref="DatasetInfo"/>'s own. Not part of any identity: the
    /// data fingerprint already covers every image's label.
    /// </summary>
    public int Classes { get; init; }

    /// <summary>
    /// Threads decoding a streamed data set's batches (data.decode_threads; 0 = the cores training leaves free, at
    /// least 1). Never in a run id: batches are byte-identical for any thread count.
    /// </summary>
    public int DecodeThreads { get; init; }

    public DatasetInfo Info => Classes > 0 ? DatasetInfo.Get(Dataset) with { NumClasses = Classes } : DatasetInfo.Get(Dataset);

    /// <summary>The images held out for validation from a pool of <paramref name="pool"/> (the split's rule, shared with progress estimates).</summary>
    public int ValidationCount(int pool) => (int)Math.Round(ValFraction * pool, MidpointRounding.AwayFromZero);
}
