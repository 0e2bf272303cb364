namespace OfaExp.Storage;

/// <summary>How a <see cref="RunStore"/> decides that a running row's owner is gone, and how long it waits for locks.</summary>
public sealed record RunStoreOptions
{
    /// <summary>
    /// This machine's name as written into claims. A running row claimed from this host is judged by its process
    /// (pid and start ticks); rows from other hosts can only be judged by their heartbeat age.
    /// </summary>
    public string Host { get; init; } = Environment.MachineName;

    /// <summary>A run from another host whose heartbeat is older than this is treated as abandoned.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a write waits for another process's transaction before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The clock for stored timestamps and heartbeat ages (replaceable so tests need not sleep).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>
    /// SQLite's write-ahead log (the default) lets workers on one machine read while one writes, but needs shared
    /// memory that network file systems do not give; a run bundle, written by one task on a shared file system and
    /// read only after it, turns it off (rollback journal).
    /// </summary>
    public bool WriteAheadLog { get; init; } = true;
}
