namespace OfaExp.Core.Execution;

/// <summary>A progress report from a training phase; Epoch and Step are 1-based for display.</summary>
public sealed record TrainProgress(
    string RunId,
    string Phase,
    int Epoch,
    int Epochs,
    int Step,
    int StepsPerEpoch,
    double Loss,
    double ImagesPerSecond,
    TimeSpan Eta,
    string Stage);
