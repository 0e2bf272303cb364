namespace OfaExp.Data;

/// <summary>
/// Batches over a fixed list of images in order, the last one possibly smaller: validation, test and BN
/// recalibration. In-memory sources (<see cref="EvalBatches"/>) hand out their native size and leave resizing to the
/// tensor side; a streamed one (<see cref="ImageFolder.FolderEvalBatches"/>) decodes straight at the resolution asked
/// for.
/// </summary>
public interface IEvalBatchSource
{
    public int BatchSize { get; }

    /// <summary>Images over all batches.</summary>
    public int Count { get; }

    public int BatchCount { get; }

    /// <summary>Batch <paramref name="index"/>, valid until the next call; read in order for speed (a streamed source restarts on a jump).</summary>
    /// <param name="resolution">The resolution the network will run at.</param>
    /// <exception cref="Core.Errors.OfaExpException">An image of the batch cannot be decoded (exit 2, naming the file).</exception>
    public Batch Get(int index, int resolution);
}
