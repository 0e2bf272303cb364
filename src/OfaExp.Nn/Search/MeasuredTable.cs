using OfaExp.Core.Costs;

namespace OfaExp.Nn.Search;

/// <summary>
/// What <see cref="LatencyMeasurement.Measure"/> timed: the table's parts per resolution (ascending) in milliseconds,
/// indexed like <see cref="NetworkCost.PartsOf"/>; the median end-to-end times of the check subnets, in the order
/// given; and, for ONNX Runtime, the median time of a session run that does no work (a passthrough graph), which
/// every entry but the stem's has had taken off, so that a subnet's sum pays it once, like the one session run of the
/// whole network (entries floored at 0). Null for libtorch, whose entries are raw medians.
/// </summary>
public sealed record MeasuredTable(IReadOnlyList<CostParts> Parts, IReadOnlyList<double> CheckMs, double? CallOverheadMs);
