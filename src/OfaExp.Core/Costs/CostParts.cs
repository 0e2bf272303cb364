namespace OfaExp.Core.Costs;

/// <summary>
/// The additive parts of a subnet's cost at one resolution (MFLOPs from <see cref="NetworkCost.PartsOf"/>, or
/// milliseconds from a latency measurement). <see cref="Block"/> is indexed [slot][kernel index][expand index] in the
/// supernet's ascending choices; <see cref="Heads"/> by 0-based exit stage.
/// </summary>
public sealed record CostParts(double Base, double[][][] Block, double[] Conv1x1, double[] Transform, double[] Heads);
