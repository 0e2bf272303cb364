namespace OfaExp.Storage.Tests;

/// <summary>A clock the test moves by hand, so heartbeat ages are exact and no test sleeps.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
