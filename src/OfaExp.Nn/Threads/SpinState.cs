namespace OfaExp.Nn.Threads;

/// <summary>Whether the waiting threads may spin, and how many quiet readings in a row were seen while they may not.</summary>
public sealed record SpinState(bool Spinning, int QuietReadings)
{
    /// <summary>Where a process starts: not spinning until the machine has been seen quiet.</summary>
    public static SpinState Initial { get; } = new(false, 0);
}
