using OfaExp.Core.Planning;

namespace OfaExp.Execution;

/// <summary>
/// Gets a plan's pending runs trained: in this process, in local worker processes, or on a cluster. Every launcher
/// drives the same <see cref="SweepExecutor"/> (in this process or in the processes it starts), so claims,
/// dependency order, teacher resolution and the failure policy are one code path whichever runs the sweep.
/// </summary>
public interface ILauncher
{
    /// <summary>
    /// Trains (or submits) the pending runs of <paramref name="plan"/>, or only <paramref name="only"/> and the
    /// ancestors they need, and says what became of each.
    /// </summary>
    IReadOnlyList<RunResult> Launch(RunPlan plan, IReadOnlyCollection<string>? only, ISweepObserver observer, CancellationToken cancellationToken);
}
