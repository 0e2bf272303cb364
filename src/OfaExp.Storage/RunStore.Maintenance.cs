using Dapper;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    internal long CountMetrics(string runId)
    {
        return Guarded(() =>
        {
            return _connection.ExecuteScalar<long>("SELECT COUNT(*) FROM metrics WHERE run_seq = (SELECT seq FROM runs WHERE id = @runId)", new { runId });
        });
    }

    /// <summary>Deletes a childless run with everything recorded for it; only the benchmark's own run goes this way.</summary>
    internal void RemoveBenchmarkRun(string runId)
    {
        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            _connection.Execute(
                "DELETE FROM metrics WHERE run_seq = (SELECT seq FROM runs WHERE id = @runId)",
                new { runId },
                transaction);
            _connection.Execute("DELETE FROM subnet_evals WHERE run_id = @runId", new { runId }, transaction);
            _connection.Execute("DELETE FROM artifacts WHERE run_id = @runId", new { runId }, transaction);
            _connection.Execute("DELETE FROM runs WHERE id = @runId", new { runId }, transaction);
            transaction.Commit();
        });
    }
}
