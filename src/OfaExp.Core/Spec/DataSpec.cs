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
    /// (<c>DatasetCatalog.WithCounts</c>); 0 means the <see cref="DatasetInfo"/>'s own. Not part of any identity: the
    /// data fingerprint already covers every image's label.
    /// </summary>
    public int Classes { get; init; }

    /// <summary>The train and test (val/) image counts of an image folder once counted, for progress estimates; 0 means the DatasetInfo's.</summary>
    public int TrainImages { get; init; }

    /// <inheritdoc cref="TrainImages"/>
    public int TestImages { get; init; }

    /// <summary>
    /// Threads decoding a streamed data set's batches (data.decode_threads; 0 = the cores training leaves free, at
    /// least 1). Never in a run id: batches are byte-identical for any thread count.
    /// </summary>
    public int DecodeThreads { get; init; }

    public DatasetInfo Info
    {
        get
        {
            var info = DatasetInfo.Get(Dataset);
            return Classes == 0 && TrainImages == 0 && TestImages == 0
                ? info
                : info with
                {
                    NumClasses = Classes > 0 ? Classes : info.NumClasses,
                    TrainImages = TrainImages > 0 ? TrainImages : info.TrainImages,
                    TestImages = TestImages > 0 ? TestImages : info.TestImages,
                };
        }
    }

    /// <summary>The images held out for validation from a pool of <paramref name="pool"/> (the split's rule, shared with progress estimates).</summary>
    public int ValidationCount(int pool) => (int)Math.Round(ValFraction * pool, MidpointRounding.AwayFromZero);
}
