namespace OfaExp.Core.Runs;

/// <summary>One row of the run store: one phase of one sweep point, identified by its content hash.</summary>
/// <param name="Id">Full 64-hex run id.</param>
/// <param name="Experiment">Experiment path relative to the experiments root, '/'-separated (e.g. "quickstart").</param>
/// <param name="Phase">Phase name from the pipeline (e.g. "full").</param>
/// <param name="ParentId">Run id of the previous phase, or null for the first phase.</param>
/// <param name="ConfigJson">Canonical JSON of the run's identity inputs (what the id hashes).</param>
/// <param name="Hardware">
/// The <see cref="OfaExp.Core.Hardware.HardwareClass"/> that trained it, in its text form (several for a run resumed on other
/// hardware); null for a run not claimed yet or recorded before ofaexp recorded hardware.
/// </param>
public sealed record RunRecord(
    string Id,
    string Experiment,
    string Phase,
    string? ParentId,
    string ConfigJson,
    RunStatus Status,
    int Attempts,
    string? Host,
    int? Pid,
    long? PidStartTicks,
    string? Device,
    string? ToolVersion,
    string? GitCommit,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? HeartbeatAt,
    string? ResultDigest,
    string? Error,
    string? Hardware = null);
