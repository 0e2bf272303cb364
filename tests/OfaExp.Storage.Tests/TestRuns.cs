using System.Security.Cryptography;
using System.Text;
using OfaExp.Core.Runs;

namespace OfaExp.Storage.Tests;

/// <summary>Run records and claims for tests.</summary>
public static class TestRuns
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 30, 0, TimeSpan.Zero);

    public static string Id(string seed) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public static RunRecord Planned(string id, string experiment = "kd", string phase = "full", string? parentId = null) => new(
        id, experiment, phase, parentId, $$"""{"phase":"{{phase}}"}""", RunStatus.Pending, 0, null, null, null, null, null, null,
        Start, null, null, null, null, null);

    public static ClaimInfo ClaimByThisProcess(string host = "node-a") =>
        new(host, Environment.ProcessId, ProcessLiveness.CurrentStartTicks(), "cpu", "0.1.0", "abc123");

    public static RunStore OpenStore(TempDirectory dir, ManualClock clock, string host = "node-a") =>
        RunStore.Open(dir.File("ofaexp.db"), new RunStoreOptions { Host = host, Clock = clock });
}
