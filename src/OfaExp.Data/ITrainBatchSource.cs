namespace OfaExp.Data;

/// <summary>
/// A phase's training batches by (epoch, step): what the trainers consume, whether the images are in memory
/// (<see cref="TrainBatches"/>) or decoded from files as they are needed (<see cref="ImageFolder.FolderTrainBatches"/>).
/// A batch is a pure function of (seed, epoch, step), so a resumed run asks for the step it stopped at and gets what
/// an uninterrupted run got.
/// </summary>
public interface ITrainBatchSource
{
    public int BatchSize { get; }

    /// <summary>Full batches per epoch; the last incomplete one is dropped.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>The batch of (<paramref name="epoch"/>, <paramref name="step"/>), valid until the next call.</summary>
    /// <exception cref="Core.Errors.OfaExpException">An image of the batch cannot be decoded (exit 2, naming the file).</exception>
    public Batch Get(int epoch, int step);
}
