using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Execution.Outputs;

/// <summary>
/// The rule that defines what a table is (docs/design.md, "Tables"): an experiment's outputs are built from the runs
/// of the current plan that are done in the store, and nothing else, so the stale runs of an edited experiment never
/// leak into its tables, figures or report. Tables, figures and the report all gather through here.
/// </summary>
public static class DoneRuns
{
    /// <param name="store">The store, read only; null when there is none yet (every output is then empty).</param>
    public static ExperimentRecords Of(RunPlan plan, string experiment, RunStore? store)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ids = plan.RunsOf(experiment).Select(r => r.Id).ToList();
        var status = store?.StatusOf(ids) ?? new Dictionary<string, RunStatus>();
        var done = ids.Where(id => status.GetValueOrDefault(id) == RunStatus.Done).ToDictionary(id => id, id => store!.Recorded(id), StringComparer.Ordinal);
        return Of(plan, experiment, done);
    }

    /// <summary>The same from runs already read from the store (any status; only the done ones count).</summary>
    /// <param name="recorded">Recorded runs by id.</param>
    public static ExperimentRecords Of(RunPlan plan, string experiment, IReadOnlyDictionary<string, RecordedRun> recorded)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(recorded);
        var runs = plan.RunsOf(experiment).ToList();
        var points = plan.Points.Where(p => p.Experiment == experiment).ToList();
        var done = runs.Select(r => recorded.GetValueOrDefault(r.Id)).Where(r => r?.Run.Status == RunStatus.Done).Select(r => r!).ToList();
        return new ExperimentRecords(experiment, points, runs, done);
    }
}
