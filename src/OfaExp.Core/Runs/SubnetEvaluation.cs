namespace OfaExp.Core.Runs;

/// <summary>One evaluated subnet of a finished run.</summary>
/// <param name="Name">A label: "min", "mid", "max" for eval.subnets, or any name a search gives a subnet.</param>
/// <param name="Architecture">The subnet in its canonical string form.</param>
/// <param name="Resolution">Input resolution it was evaluated at.</param>
/// <param name="Exit">Which exit the subnet used: 0 for a single-exit network, else the exit's 1-based stage.</param>
/// <param name="Top1">Validation top-1 accuracy in percent, like the val_top1 metric.</param>
/// <param name="Top5">Validation top-5 accuracy in percent.</param>
/// <param name="Loss">Validation cross-entropy.</param>
/// <param name="Flops">FLOPs as OFA counts them (multiply-accumulates) of one forward pass at <paramref name="Resolution"/>.</param>
/// <param name="Params">Parameters of the extracted subnet.</param>
/// <param name="LatencyMs">Latency in milliseconds where one was measured (searched subnets, timed end to end).</param>
public sealed record SubnetEvaluation(
    string Name,
    string Architecture,
    int Resolution,
    int Exit,
    double Top1,
    double Top5,
    double Loss,
    double Flops,
    long Params,
    double? LatencyMs)
{
    /// <summary>For a searched subnet, the accuracy predictor's top-1 (percent); null otherwise.</summary>
    public double? PredictedTop1 { get; init; }

    /// <summary>For a searched subnet, its cost under the search's efficiency model (MFLOPs or table ms); null otherwise.</summary>
    public double? PredictedCost { get; init; }

    /// <summary>Top-1 (percent) on the data set's official test split, after the same recalibration; null where not scored (eval.test off).</summary>
    public double? TestTop1 { get; init; }

    /// <summary>Top-5 (percent) on the test split; null where not scored.</summary>
    public double? TestTop5 { get; init; }
}
