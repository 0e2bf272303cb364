namespace OfaExp.Data.ImageFolder;

/// <summary>What `ofaexp bench data` measured: decoded images per second through each transform, and the set it decoded.</summary>
public sealed record FolderDataBenchmarkResult(int Images, long Bytes, double TrainImagesPerSecond, double EvalImagesPerSecond, long PeakResidentKb);
