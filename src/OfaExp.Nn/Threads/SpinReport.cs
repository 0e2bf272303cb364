namespace OfaExp.Nn.Threads;

/// <summary>What <see cref="SpinGovernor"/> did in this process so far.</summary>
/// <param name="Active">Whether it governed at all (a CPU run with more than one thread, the tool's own spin count, libgomp found).</param>
/// <param name="Throttles">How often other processes' use stopped the spinning.</param>
public sealed record SpinReport(bool Active, TimeSpan Spinning, TimeSpan Throttled, int Throttles);
