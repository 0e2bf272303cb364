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
        var runs = plan.RunsOf(experiment).ToList();
        var points = plan.Points.Where(p => p.Experiment == experiment).ToList();
        var status = store?.StatusOf(runs.Select(r => r.Id)) ?? new Dictionary<string, RunStatus>();
        var done = runs.Where(r => status.GetValueOrDefault(r.Id) == RunStatus.Done).Select(r => store!.Recorded(r.Id)).ToList();
        return new ExperimentRecords(experiment, points, runs, done);
    }
}
