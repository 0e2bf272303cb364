namespace OfaExp.Storage;

/// <summary>
/// Decides whether the owner recorded in a running row is gone. Registered as the SQL function
/// ofaexp_owner_dead so that a claim can test it inside its single UPDATE and stay atomic.
/// </summary>
internal sealed class OwnerLiveness(string localHost, TimeSpan staleAfter, TimeProvider clock)
{
    public const string SqlFunction = "ofaexp_owner_dead";

    public bool IsDead(string? host, long? pid, long? pidStartTicks, string? heartbeatAt)
    {
        if (pid is { } p && string.Equals(host, localHost, StringComparison.OrdinalIgnoreCase))
        {
            // On this host the process table is the truth: a live owner keeps its run however old its heartbeat.
            return p > int.MaxValue || !ProcessLiveness.IsAlive((int)p, pidStartTicks);
        }

        if (heartbeatAt is null)
        {
            return true;
        }

        return clock.GetUtcNow() - Timestamps.Parse(heartbeatAt) > staleAfter;
    }
}
