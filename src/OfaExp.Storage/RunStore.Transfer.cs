using Dapper;
using OfaExp.Storage.Schema;
using OfaExp.Core.Errors;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    private const string RunColumns =
        "id, experiment, phase, parent_id, config_json, status, attempts, host, pid, pid_start_ticks, device, tool_version, " +
        "git_commit, created_at, started_at, finished_at, heartbeat_at, result_digest, error, hardware";

    private const string ArtifactColumns = "run_id, kind, epoch, sha256, bytes, path, export_format, export_subnet, export_resolution";

    private const string EvaluationColumns =
        "run_id, name, architecture, resolution, exit, top1, top5, loss, flops, params, latency_ms, predicted_top1, predicted_cost, test_top1, test_top5";

    /// <summary>
    /// The schema version of the store file at <paramref name="dbPath"/>, read without changing it: refuses (exit 2,
    /// naming the file) one that is not an OfaExp store, is damaged, or comes from a newer ofaexp.
    /// </summary>
    public static int SchemaVersionOf(string dbPath)
    {
        var path = System.IO.Path.GetFullPath(dbPath);
        DatabaseFile.EnsureNotForeign(path);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            return Schema.SchemaMigrator.Inspect(connection, path, Schema.Migrations.All);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            throw DatabaseFile.Damaged(path, e);
        }
    }

    /// <summary>
    /// Copies done run <paramref name="runId"/> from the store file <paramref name="sourceDb"/> (same schema) into this
    /// one, in one transaction: its row as recorded there, and its metrics, subnet evaluations and artifact rows
    /// replacing any this store has for it. The artifact blobs are the caller's to copy first. Its parent must be in
    /// this store already (copy ancestors first). How run bundles travel: a task's needed ancestors into its bundle,
    /// and finished bundles into the central store (`ofaexp ingest`).
    /// </summary>
    public void CopyDoneRunFrom(string sourceDb, string runId)
    {
        if (!Hex.IsSha256(runId))
        {
            throw new ArgumentException($"Run id '{runId}' is not 64 lower-case hex characters.", nameof(runId));
        }

        Guarded(() =>
        {
            _connection.Execute("ATTACH DATABASE @sourceDb AS source", new { sourceDb });
            try
            {
                using var transaction = _connection.BeginTransaction();
                var status = _connection.ExecuteScalar<string?>("SELECT status FROM source.runs WHERE id = @runId", new { runId }, transaction);
                if (status != "done")
                {
                    throw new OfaExpException($"{sourceDb}: run {runId} is {status ?? "not there"}, not done; only finished runs are copied.");
                }

                var seq = "(SELECT seq FROM main.runs WHERE id = @runId)";
                _connection.Execute($"DELETE FROM main.metrics WHERE run_seq = {seq}", new { runId }, transaction);
                _connection.Execute("DELETE FROM main.subnet_evals WHERE run_id = @runId", new { runId }, transaction);
                _connection.Execute("DELETE FROM main.artifacts WHERE run_id = @runId", new { runId }, transaction);
                _connection.Execute(
                    $"INSERT INTO main.runs ({RunColumns}) SELECT {RunColumns} FROM source.runs WHERE id = @runId " +
                    "ON CONFLICT (id) DO UPDATE SET " + string.Join(", ", RunColumns.Split(", ").Skip(1).Select(c => $"{c} = excluded.{c}")),
                    new { runId },
                    transaction);
                _connection.Execute(
                    $"INSERT INTO main.metrics (run_seq, epoch, step, name, value) SELECT {seq}, epoch, step, name, value FROM source.metrics " +
                    "WHERE run_seq = (SELECT seq FROM source.runs WHERE id = @runId) ORDER BY rowid",
                    new { runId },
                    transaction);
                _connection.Execute(
                    $"INSERT INTO main.subnet_evals ({EvaluationColumns}) SELECT {EvaluationColumns} FROM source.subnet_evals WHERE run_id = @runId ORDER BY rowid",
                    new { runId },
                    transaction);
                _connection.Execute(
                    $"INSERT INTO main.artifacts ({ArtifactColumns}) SELECT {ArtifactColumns} " +
                    "FROM source.artifacts WHERE run_id = @runId ORDER BY id",
                    new { runId },
                    transaction);
                CrashPoints.Pass(CrashPoints.StoreCommit);
                transaction.Commit();
            }
            finally
            {
                _connection.Execute("DETACH DATABASE source");
            }
        });
    }
}
