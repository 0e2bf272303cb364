namespace OfaExp.Nn.Benchmarks;

/// <summary>
/// Mean milliseconds per random-subnet training step fed by the image-folder pipeline (batch fetch and tensor copy
/// included) and fed one already-decoded batch, over the same subnets; the data's cost is the difference.
/// </summary>
public sealed record FolderTrainStepTimings(double PipelineMs, double DecodedMs, int Steps, int Rounds, int Images, int DecodeThreads)
{
    /// <summary>How much slower the pipeline-fed steps are (0.05 = 5 %); the target is at most 0.10.</summary>
    public double Slowdown => (PipelineMs / DecodedMs) - 1;
}
