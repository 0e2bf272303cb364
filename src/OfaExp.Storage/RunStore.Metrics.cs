using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>Appends metrics of run <paramref name="runId"/> in one transaction (all or nothing).</summary>
    public void AddMetrics(string runId, IReadOnlyList<MetricPoint> metrics)
    {
        if (metrics.Count == 0)
        {
            return;
        }

        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            var seq = SeqOf(runId, transaction) ?? throw UnknownRun(runId, "metrics", inner: null);
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO metrics (run_seq, epoch, step, name, value) VALUES ($run, $epoch, $step, $name, $value)";
            insert.Parameters.Add("$run", SqliteType.Integer).Value = seq;
            var epoch = insert.Parameters.Add("$epoch", SqliteType.Integer);
            var step = insert.Parameters.Add("$step", SqliteType.Integer);
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var value = insert.Parameters.Add("$value", SqliteType.Real);
            insert.Prepare();
            foreach (var metric in metrics)
            {
                epoch.Value = metric.Epoch;
                step.Value = metric.Step;
                name.Value = metric.Name;
                value.Value = RealOrNull(metric.Value);
                insert.ExecuteNonQuery();
            }

            CrashPoints.Pass(CrashPoints.StoreCommit);
            transaction.Commit();
        });
    }

    /// <summary>The run's metrics ordered by epoch, step, name (ordinal); a NaN that was recorded reads back as NaN.</summary>
    public IReadOnlyList<MetricPoint> Metrics(string runId)
    {
        return Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
                "SELECT epoch, step, name, value FROM metrics WHERE run_seq = (SELECT seq FROM runs WHERE id = $run) " +
                "ORDER BY epoch, step, name, rowid";
            command.Parameters.Add("$run", SqliteType.Text).Value = runId;
            using var reader = command.ExecuteReader();
            var result = new List<MetricPoint>();
            while (reader.Read())
            {
                result.Add(new MetricPoint(
                    reader.GetInt32(0),
                    reader.GetInt32(1),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? double.NaN : reader.GetDouble(3)));
            }

            return result;
        });
    }

    /// <summary>Drops the run's metrics of epochs after <paramref name="epoch"/>: on resume from that epoch's checkpoint they are recorded again.</summary>
    public void DeleteMetricsAfter(string runId, int epoch)
    {
        Guarded(() =>
        {
            _connection.Execute(
                "DELETE FROM metrics WHERE run_seq = (SELECT seq FROM runs WHERE id = @runId) AND epoch > @epoch",
                new { runId, epoch });
        });
    }

    // Microsoft.Data.Sqlite refuses to bind NaN (and SQLite would store it as NULL anyway), yet a diverging loss is a
    // result worth keeping: NaN is written as NULL and NULL in these columns reads back as NaN.
    private static object RealOrNull(double value) => double.IsNaN(value) ? DBNull.Value : value;

    private static double RealOrNaN(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? double.NaN : reader.GetDouble(ordinal);

    private long? SeqOf(string runId, SqliteTransaction transaction) =>
        _connection.ExecuteScalar<long?>("SELECT seq FROM runs WHERE id = @runId", new { runId }, transaction);

    private InvalidOperationException UnknownRun(string runId, string what, SqliteException? inner) => new(
        $"Cannot record {what} for run {runId}: no such run in {Path} (plan it first). Nothing was recorded.",
        inner);
}
