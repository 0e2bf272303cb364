namespace OfaExp.Nn.Benchmarks;

/// <summary>Median milliseconds per training step of each benchmarked network, and the process's peak resident memory.</summary>
public sealed record TrainStepTimings(double MaxSubnetMs, double RandomSubnetMs, double MinSubnetMs, double StaticMaxMs, long PeakResidentKb, int Steps)
{
    /// <summary>The cost of elasticity at the maximal subnet; the target is at most 1.10.</summary>
    public double DynamicOverStatic => MaxSubnetMs / StaticMaxMs;
}
