using Dapper;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>
    /// Takes run <paramref name="id"/> for <paramref name="claim"/> if it is pending, failed, or running under an
    /// owner that is gone (see <see cref="RunStoreOptions"/>). One UPDATE decides, so of several processes racing
    /// for the same run exactly one wins. The winner's row is running, attempts+1, started and heartbeat now,
    /// finished/digest/error cleared. False when the run is done, owned by a live process, or unknown.
    /// </summary>
    public bool TryClaim(string id, ClaimInfo claim)
    {
        return Guarded(() =>
        {
            var now = Now();
            return _connection.Execute(
                $"""
                UPDATE runs SET
                    status = 'running', attempts = attempts + 1,
                    host = @Host, pid = @Pid, pid_start_ticks = @PidStartTicks,
                    device = @Device, tool_version = @ToolVersion, git_commit = @GitCommit, hardware = @Hardware,
                    started_at = @now, heartbeat_at = @now, finished_at = NULL, result_digest = NULL, error = NULL
                WHERE id = @id
                  AND (status IN ('pending', 'failed')
                       OR (status = 'running' AND {OwnerLiveness.SqlFunction}(host, pid, pid_start_ticks, heartbeat_at)))
                """,
                new
                {
                    id,
                    now,
                    claim.Host,
                    claim.Pid,
                    claim.PidStartTicks,
                    claim.Device,
                    claim.ToolVersion,
                    claim.GitCommit,
                    claim.Hardware,
                }) == 1;
        });
    }

    /// <summary>Running rows whose owner is gone: what the next claim will take over (report them as interrupted).</summary>
    public IReadOnlyList<RunRecord> FindAbandoned()
    {
        return Guarded(() =>
        {
            return _connection
                .Query<RunRow>(
                    $"SELECT {RunRow.Columns} FROM runs WHERE status = 'running' " +
                    $"AND {OwnerLiveness.SqlFunction}(host, pid, pid_start_ticks, heartbeat_at) ORDER BY seq")
                .Select(r => r.ToRecord())
                .ToList();
        });
    }

    /// <summary>Marks a running run alive now. Throws when the run is not running any more (it was completed, failed or reset elsewhere).</summary>
    public void Heartbeat(string id) =>
        UpdateRunning(id, "heartbeat", "UPDATE runs SET heartbeat_at = @now WHERE id = @id AND status = 'running'", new { id, now = Now() });

    /// <summary>
    /// Replaces the hardware record of a running run: the claim wrote the claimant's class, and a run resumed from
    /// what an attempt on other hardware saved records both (<see cref="Core.Hardware.HardwareClass.Resumed"/>).
    /// </summary>
    public void RecordHardware(string id, string? hardware) =>
        UpdateRunning(id, "record the hardware of", "UPDATE runs SET hardware = @hardware WHERE id = @id AND status = 'running'", new { id, hardware });

    public void Complete(string id, string resultDigest) =>
        UpdateRunning(
            id,
            "complete",
            "UPDATE runs SET status = 'done', finished_at = @now, heartbeat_at = @now, result_digest = @resultDigest, error = NULL " +
            "WHERE id = @id AND status = 'running'",
            new { id, now = Now(), resultDigest });

    public void Fail(string id, string error) =>
        UpdateRunning(
            id,
            "fail",
            "UPDATE runs SET status = 'failed', finished_at = @now, heartbeat_at = @now, error = @error " +
            "WHERE id = @id AND status = 'running'",
            new { id, now = Now(), error });

    private void UpdateRunning(string id, string action, string sql, object parameters)
    {
        Guarded(() =>
        {
            if (_connection.Execute(sql, parameters) == 1)
            {
                return;
            }

            var status = _connection.ExecuteScalar<string?>("SELECT status FROM runs WHERE id = @id", new { id });
            throw new OfaExpException(
                status is null
                    ? $"Cannot {action} run {id}: it is not in {Path}."
                    : $"Cannot {action} run {id}: it is {status}, not running (another process may have taken it over).",
                ExitCodes.Internal);
        });
    }
}
