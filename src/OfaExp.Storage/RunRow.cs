using OfaExp.Core.Runs;

namespace OfaExp.Storage;

/// <summary>
/// The runs table as Dapper reads it. A mutable row class (rather than mapping straight onto
/// <see cref="RunRecord"/>) because SQLite hands back text for timestamps and status and Int64 for every integer.
/// </summary>
internal sealed class RunRow
{
    /// <summary>Every runs column, aliased to the property names below.</summary>
    public const string Columns =
        "id AS Id, experiment AS Experiment, phase AS Phase, parent_id AS ParentId, config_json AS ConfigJson, " +
        "status AS Status, attempts AS Attempts, host AS Host, pid AS Pid, pid_start_ticks AS PidStartTicks, " +
        "device AS Device, tool_version AS ToolVersion, git_commit AS GitCommit, created_at AS CreatedAt, " +
        "started_at AS StartedAt, finished_at AS FinishedAt, heartbeat_at AS HeartbeatAt, " +
        "result_digest AS ResultDigest, error AS Error, hardware AS Hardware";

    public string Id { get; set; } = "";
    public string Experiment { get; set; } = "";
    public string Phase { get; set; } = "";
    public string? ParentId { get; set; }
    public string ConfigJson { get; set; } = "";
    public string Status { get; set; } = "";
    public long Attempts { get; set; }
    public string? Host { get; set; }
    public long? Pid { get; set; }
    public long? PidStartTicks { get; set; }
    public string? Device { get; set; }
    public string? ToolVersion { get; set; }
    public string? GitCommit { get; set; }
    public string CreatedAt { get; set; } = "";
    public string? StartedAt { get; set; }
    public string? FinishedAt { get; set; }
    public string? HeartbeatAt { get; set; }
    public string? ResultDigest { get; set; }
    public string? Error { get; set; }
    public string? Hardware { get; set; }

    public RunRecord ToRecord() => new(
        Id,
        Experiment,
        Phase,
        ParentId,
        ConfigJson,
        RunStatusText.Parse(Status),
        checked((int)Attempts),
        Host,
        Pid is { } pid ? checked((int)pid) : null,
        PidStartTicks,
        Device,
        ToolVersion,
        GitCommit,
        Timestamps.Parse(CreatedAt),
        Timestamps.ParseOptional(StartedAt),
        Timestamps.ParseOptional(FinishedAt),
        Timestamps.ParseOptional(HeartbeatAt),
        ResultDigest,
        Error,
        Hardware);
}
