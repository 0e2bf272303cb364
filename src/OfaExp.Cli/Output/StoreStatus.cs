using System.Globalization;
using System.Text;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Cli.Output;

/// <summary>Renders `ofaexp status`: counts by status, then every recorded run (with its cluster job when it was submitted to one).</summary>
public static class StoreStatus
{
    public static string Render(IReadOnlyList<RunRecord> runs, string dbPath, IReadOnlyDictionary<string, Storage.RunStore.Submission>? submissions = null)
    {
        submissions ??= new Dictionary<string, Storage.RunStore.Submission>();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"store {dbPath}: {runs.Count} runs");
        foreach (var s in Enum.GetValues<RunStatus>())
        {
            sb.Append(CultureInfo.InvariantCulture, $", {runs.Count(r => r.Status == s)} {PlanPrinter.StatusText(s)}");
        }

        sb.Append('\n');
        if (runs.Count == 0)
        {
            return sb.ToString();
        }

        var jobs = submissions.Count > 0;
        var rows = new List<string[]> { jobs ? ["RUN", "EXPERIMENT", "PHASE", "STATUS", "ATTEMPTS", "FINISHED", "JOB"] : ["RUN", "EXPERIMENT", "PHASE", "STATUS", "ATTEMPTS", "FINISHED"] };
        rows.AddRange(runs
            .OrderBy(r => r.Experiment, StringComparer.Ordinal).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new[]
            {
                RunIdentity.Short(r.Id),
                r.Experiment,
                r.Phase,
                PlanPrinter.StatusText(r.Status) + (r.Status == RunStatus.Failed && r.Error is not null ? $" ({Trim(r.Error)})" : ""),
                r.Attempts.ToString(CultureInfo.InvariantCulture),
                r.FinishedAt?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "-",
                submissions.TryGetValue(r.Id, out var job) ? $"{job.Launcher} {job.JobId}" : "-",
            }.Take(jobs ? 7 : 6).ToArray()));
        PlanPrinter.Align(sb, rows, "");
        return sb.ToString();
    }

    private static string Trim(string s) => s.Length > 60 ? s[..57] + "..." : s;
}
