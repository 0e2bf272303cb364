namespace OfaExp.Data.ImageFolder;

/// <summary>
/// One batch for <see cref="ImageBatchPipeline"/>: which samples (indices into the reader's images), at which output
/// resolution, and through which transform (training with the epoch's draws, or evaluation).
/// </summary>
public sealed record BatchJob(IReadOnlyList<int> Samples, int Resolution, bool Train, int Epoch);
