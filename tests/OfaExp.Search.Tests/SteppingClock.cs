namespace OfaExp.Search.Tests;

/// <summary>A clock that advances by a fixed number of ticks (one tick = 1 ms) each time it is read, so timings are scripted.</summary>
internal sealed class SteppingClock(long ticksPerRead) : TimeProvider
{
    private long _now;

    public override long TimestampFrequency => 1000;

    public override long GetTimestamp() => _now += ticksPerRead;
}
