using Microsoft.Data.Sqlite;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>
    /// Appends subnet evaluations of run <paramref name="runId"/> in one transaction. A (name, architecture,
    /// resolution, exit) the run already has is an error: it would make tables ambiguous.
    /// </summary>
    public void AddEvaluations(string runId, IReadOnlyList<SubnetEvaluation> evaluations)
    {
        if (evaluations.Count == 0)
        {
            return;
        }

        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO subnet_evals (run_id, name, architecture, resolution, exit, top1, top5, loss, flops, params, latency_ms, predicted_top1, predicted_cost, test_top1, test_top5) " +
                "VALUES ($run, $name, $architecture, $resolution, $exit, $top1, $top5, $loss, $flops, $params, $latency, $predictedTop1, $predictedCost, $testTop1, $testTop5)";
            insert.Parameters.Add("$run", SqliteType.Text).Value = runId;
            var name = insert.Parameters.Add("$name", SqliteType.Text);
            var architecture = insert.Parameters.Add("$architecture", SqliteType.Text);
            var resolution = insert.Parameters.Add("$resolution", SqliteType.Integer);
            var exit = insert.Parameters.Add("$exit", SqliteType.Integer);
            var top1 = insert.Parameters.Add("$top1", SqliteType.Real);
            var top5 = insert.Parameters.Add("$top5", SqliteType.Real);
            var loss = insert.Parameters.Add("$loss", SqliteType.Real);
            var flops = insert.Parameters.Add("$flops", SqliteType.Real);
            var parameterCount = insert.Parameters.Add("$params", SqliteType.Integer);
            var latency = insert.Parameters.Add("$latency", SqliteType.Real);
            var predictedTop1 = insert.Parameters.Add("$predictedTop1", SqliteType.Real);
            var predictedCost = insert.Parameters.Add("$predictedCost", SqliteType.Real);
            var testTop1 = insert.Parameters.Add("$testTop1", SqliteType.Real);
            var testTop5 = insert.Parameters.Add("$testTop5", SqliteType.Real);
            insert.Prepare();
            try
            {
                foreach (var evaluation in evaluations)
                {
                    name.Value = evaluation.Name;
                    architecture.Value = evaluation.Architecture;
                    resolution.Value = evaluation.Resolution;
                    exit.Value = evaluation.Exit;
                    top1.Value = RealOrNull(evaluation.Top1);
                    top5.Value = RealOrNull(evaluation.Top5);
                    loss.Value = RealOrNull(evaluation.Loss);
                    flops.Value = RealOrNull(evaluation.Flops);
                    parameterCount.Value = evaluation.Params;
                    latency.Value = evaluation.LatencyMs is { } ms ? RealOrNull(ms) : DBNull.Value;
                    predictedTop1.Value = evaluation.PredictedTop1 is { } p ? RealOrNull(p) : DBNull.Value;
                    predictedCost.Value = evaluation.PredictedCost is { } c ? RealOrNull(c) : DBNull.Value;
                    testTop1.Value = evaluation.TestTop1 is { } t1 ? RealOrNull(t1) : DBNull.Value;
                    testTop5.Value = evaluation.TestTop5 is { } t5 ? RealOrNull(t5) : DBNull.Value;
                    insert.ExecuteNonQuery();
                }
            }
            catch (SqliteException e) when (IsConstraintViolation(e))
            {
                throw e.SqliteExtendedErrorCode == SqliteConstraintUnique
                    ? new InvalidOperationException(
                        $"Cannot record subnet evaluations for run {runId}: one of them repeats a (name, architecture, " +
                        "resolution, exit) the run already has. Nothing was recorded.",
                        e)
                    : UnknownRun(runId, "subnet evaluations", e);
            }

            CrashPoints.Pass(CrashPoints.StoreCommit);
            transaction.Commit();
        });
    }

    /// <summary>The run's subnet evaluations in the order they were recorded.</summary>
    public IReadOnlyList<SubnetEvaluation> Evaluations(string runId)
    {
        return Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText =
                "SELECT name, architecture, resolution, exit, top1, top5, loss, flops, params, latency_ms, predicted_top1, predicted_cost, test_top1, test_top5 " +
                "FROM subnet_evals WHERE run_id = $run ORDER BY rowid";
            command.Parameters.Add("$run", SqliteType.Text).Value = runId;
            using var reader = command.ExecuteReader();
            var result = new List<SubnetEvaluation>();
            while (reader.Read())
            {
                result.Add(new SubnetEvaluation(
                    reader.GetString(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.GetInt32(3),
                    RealOrNaN(reader, 4),
                    RealOrNaN(reader, 5),
                    RealOrNaN(reader, 6),
                    RealOrNaN(reader, 7),
                    reader.GetInt64(8),
                    reader.IsDBNull(9) ? null : reader.GetDouble(9))
                {
                    PredictedTop1 = reader.IsDBNull(10) ? null : reader.GetDouble(10),
                    PredictedCost = reader.IsDBNull(11) ? null : reader.GetDouble(11),
                    TestTop1 = reader.IsDBNull(12) ? null : reader.GetDouble(12),
                    TestTop5 = reader.IsDBNull(13) ? null : reader.GetDouble(13),
                });
            }

            return result;
        });
    }

    /// <summary>
    /// Deletes every subnet evaluation of the run. The executor calls it when an attempt starts: evaluations
    /// describe the final model, and the attempt that finishes writes them.
    /// </summary>
    public void DeleteEvaluations(string runId)
    {
        Guarded(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM subnet_evals WHERE run_id = $run";
            command.Parameters.Add("$run", SqliteType.Text).Value = runId;
            command.ExecuteNonQuery();
        });
    }
}
