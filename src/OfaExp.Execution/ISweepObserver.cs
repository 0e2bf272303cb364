using OfaExp.Core.Execution;
using OfaExp.Core.Planning;

namespace OfaExp.Execution;

/// <summary>
/// What a sweep reports while it runs, besides each phase's own progress: the Cli's ConsoleProgress draws it on
/// stderr. Messages go through <see cref="Note"/> so that they never land in the middle of a redrawn line.
/// </summary>
public interface ISweepObserver : IProgress<TrainProgress>
{
    /// <summary>How many worker processes, this one included, will train the runs at once; before <see cref="SweepStarted"/>.</summary>
    void WorkersChosen(int workers)
    {
    }

    /// <summary>The runs the sweep will attempt (those not found done), in the order it attempts them.</summary>
    void SweepStarted(IReadOnlyList<PlannedRun> pending);

    /// <summary>A run starts training, <paramref name="epochsDone"/> epochs in when it resumes from a checkpoint.</summary>
    void RunStarted(PlannedRun run, int epochsDone);

    /// <summary>A pending run is over: trained here or elsewhere, failed or skipped.</summary>
    void RunFinished(RunResult result);

    /// <summary>A message for the user (a resumed run, a failure, a run another process owns).</summary>
    void Note(string message);
}
