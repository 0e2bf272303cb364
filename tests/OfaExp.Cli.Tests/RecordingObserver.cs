using OfaExp.Execution;
using OfaExp.Cli.Execution;
using OfaExp.Core.Execution;
using OfaExp.Core.Planning;

namespace OfaExp.Cli.Tests;

/// <summary>Records what an executor tells its observer, one line per event, phases by name.</summary>
internal sealed class RecordingObserver : ISweepObserver
{
    public List<string> Events { get; } = [];

    public List<TrainProgress> Reports { get; } = [];

    public void SweepStarted(IReadOnlyList<PlannedRun> pending) => Events.Add("sweep " + string.Join(",", pending.Select(r => r.Phase)));

    public void RunStarted(PlannedRun run, int epochsDone) => Events.Add($"start {run.Phase} {epochsDone}");

    public void RunFinished(RunResult result) => Events.Add($"end {result.Phase} {result.OutcomeText}");

    public void Note(string message) => Events.Add("note " + message);

    public void Report(TrainProgress value) => Reports.Add(value);
}
