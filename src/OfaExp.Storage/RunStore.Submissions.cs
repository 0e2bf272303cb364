using Dapper;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>One run handed to a cluster scheduler.</summary>
    public sealed record Submission(string RunId, string Launcher, string JobId, string BundleDir, DateTimeOffset SubmittedAt);

    /// <summary>Records (replacing earlier ones of the same runs) which job trains each run, in one transaction.</summary>
    public void RecordSubmissions(IReadOnlyList<(string RunId, string JobId)> jobs, string launcher, string bundleDir)
    {
        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            var now = Now();
            foreach (var (runId, jobId) in jobs)
            {
                _connection.Execute(
                    "INSERT INTO submissions (run_id, launcher, job_id, bundle_dir, submitted_at) VALUES (@runId, @launcher, @jobId, @bundleDir, @now) " +
                    "ON CONFLICT (run_id) DO UPDATE SET launcher = excluded.launcher, job_id = excluded.job_id, bundle_dir = excluded.bundle_dir, submitted_at = excluded.submitted_at",
                    new { runId, launcher, jobId, bundleDir, now },
                    transaction);
            }

            transaction.Commit();
        });
    }

    /// <summary>The latest submission of each submitted run, by run id.</summary>
    public IReadOnlyDictionary<string, Submission> Submissions()
    {
        return Guarded(() => _connection
            .Query<(string RunId, string Launcher, string JobId, string BundleDir, string SubmittedAt)>(
                "SELECT run_id, launcher, job_id, bundle_dir, submitted_at FROM submissions")
            .ToDictionary(r => r.RunId, r => new Submission(r.RunId, r.Launcher, r.JobId, r.BundleDir, Timestamps.Parse(r.SubmittedAt)), StringComparer.Ordinal));
    }
}
