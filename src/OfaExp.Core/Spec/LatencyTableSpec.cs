namespace OfaExp.Core.Spec;

/// <summary>
/// The <c>latency_table</c> phase: every distinct layer shape of the space is timed on the device at batch size
/// <see cref="BatchSize"/>, <see cref="Warmup"/> untimed passes then the median of <see cref="Repeats"/> timed ones;
/// <see cref="CheckSubnets"/> random subnets are then timed end to end against the table's sum.
/// </summary>
public sealed record LatencyTableSpec(int Warmup, int Repeats, int CheckSubnets, int BatchSize)
{
    /// <summary>The runtime both the layers and the checked subnets are timed in (<c>latency_table.runtime</c>).</summary>
    public LatencyRuntime Runtime { get; init; } = LatencyRuntime.Libtorch;
}
