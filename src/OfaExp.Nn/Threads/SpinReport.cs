namespace OfaExp.Nn.Threads;

/// <summary>What <see cref="SpinGovernor"/> did in this process so far.</summary>
/// <param name="Throttles">How often other processes' use stopped the spinning.</param>
public sealed record SpinReport(SpinGovernorState State, TimeSpan Spinning, TimeSpan Throttled, int Throttles);
