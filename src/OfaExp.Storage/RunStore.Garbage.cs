using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;
using OfaExp.Storage.Gc;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>
    /// Runs a gc step in one transaction, after checking that no live process holds a running run. Artifacts are
    /// only written under a claim, so with no claim held and the write lock taken (<paramref name="write"/>: the
    /// transaction is committed when <paramref name="work"/> returns) no other process can add a row gc has not seen
    /// until it commits. A read-only step (a dry run) reads one consistent snapshot and changes nothing.
    /// </summary>
    internal T Exclusively<T>(bool write, Func<SqliteTransaction, T> work)
    {
        return Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction(deferred: !write);
            var holders = _connection
                .Query<RunRow>(
                    $"SELECT {RunRow.Columns} FROM runs WHERE status = 'running' " +
                    $"AND NOT {OwnerLiveness.SqlFunction}(host, pid, pid_start_ticks, heartbeat_at) ORDER BY seq",
                    transaction: transaction)
                .Select(r => r.ToRecord())
                .ToList();
            if (holders.Count > 0)
            {
                throw StoreInUse(holders);
            }

            var result = work(transaction);
            if (write)
            {
                transaction.Commit();
            }

            return result;
        });
    }

    /// <summary>Every artifacts row, in recording order.</summary>
    internal IReadOnlyList<StoredArtifact> ArtifactRows(SqliteTransaction transaction) =>
        _connection
            .Query<ArtifactRow>(
                "SELECT id AS Id, run_id AS RunId, kind AS Kind, epoch AS Epoch, sha256 AS Sha256, bytes AS Bytes, path AS Path " +
                "FROM artifacts ORDER BY id",
                transaction: transaction)
            .Select(r => new StoredArtifact(r.Id, r.ToRecord()))
            .ToList();

    /// <summary>Every run with its status and, for done runs, the best epoch a teacher is taken from.</summary>
    internal IReadOnlyList<GcRun> GcRuns(SqliteTransaction transaction)
    {
        // Only the epoch-level val_top1 rows decide the best epoch; reading them alone spares the per-step metrics.
        var validation = _connection
            .Query<(string RunId, long Epoch, double? Value)>(
                "SELECT r.id, m.epoch, m.value FROM metrics m JOIN runs r ON r.seq = m.run_seq " +
                "WHERE r.status = 'done' AND m.step = -1 AND m.name = 'val_top1'",
                transaction: transaction)
            .ToLookup(m => m.RunId, m => new MetricPoint(checked((int)m.Epoch), -1, "val_top1", m.Value ?? double.NaN), StringComparer.Ordinal);
        return _connection
            .Query<(string Id, string Status)>("SELECT id, status FROM runs ORDER BY seq", transaction: transaction)
            .Select(r => new GcRun(r.Id, RunStatusText.Parse(r.Status), BestEpoch.Of(validation[r.Id])?.Epoch))
            .ToList();
    }

    internal void DeleteArtifactRows(IEnumerable<long> rowIds, SqliteTransaction transaction) =>
        _connection.Execute(
            "DELETE FROM artifacts WHERE id IN (SELECT value FROM json_each(@ids))",
            new { ids = JsonSerializer.Serialize(rowIds.ToList()) },
            transaction);

    /// <summary>The hashes that some artifacts row names.</summary>
    internal IReadOnlySet<string> ReferencedHashes(SqliteTransaction transaction) =>
        _connection
            .Query<string>("SELECT DISTINCT sha256 FROM artifacts", transaction: transaction)
            .ToHashSet(StringComparer.Ordinal);

    private OfaExpException StoreInUse(IReadOnlyList<RunRecord> holders)
    {
        var first = holders[0];
        var more = holders.Count > 1 ? $" (and {holders.Count - 1} more running run{(holders.Count > 2 ? "s" : "")})" : "";
        return new OfaExpException(
            $"gc needs the store {Path} to itself, but run {RunIdentity.Short(first.Id)} ({first.Experiment}/{first.Phase}) " +
            $"is running in process {first.Pid} on {first.Host}{more}. Wait until that sweep has finished, or stop it " +
            "(the next sweep resumes the run from its last checkpoint), then run gc again. Nothing was deleted.");
    }
}
