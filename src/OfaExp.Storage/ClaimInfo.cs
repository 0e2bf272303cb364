namespace OfaExp.Storage;

/// <summary>Who takes a run: written into the row by <see cref="RunStore.TryClaim"/> so that others can tell whether the owner still lives.</summary>
/// <param name="PidStartTicks">The owner's start time as <see cref="ProcessLiveness.StartTicks"/> reports it; tells a live owner from a reused pid.</param>
/// <param name="Hardware">The owner's <see cref="Core.Hardware.HardwareClass"/> in text form; null when not probed.</param>
public sealed record ClaimInfo(
    string Host,
    int Pid,
    long PidStartTicks,
    string Device,
    string ToolVersion,
    string? GitCommit,
    string? Hardware = null)
{
    /// <summary>A claim for the calling process on this machine (host = <see cref="Environment.MachineName"/>, the default <see cref="RunStoreOptions.Host"/>).</summary>
    public static ClaimInfo ForCurrentProcess(string device, string toolVersion, string? gitCommit, string? hardware = null) => new(
        Environment.MachineName,
        Environment.ProcessId,
        ProcessLiveness.CurrentStartTicks(),
        device,
        toolVersion,
        gitCommit,
        hardware);
}
