namespace OfaExp.Core.Runs;

/// <summary>One evaluated subnet of a finished run (architecture in its canonical string form).</summary>
public sealed record SubnetEvaluation(
    string Architecture,
    int Resolution,
    int Exit,
    double Top1,
    double Top5,
    double Loss,
    double Flops,
    long Params,
    double? LatencyMs);
