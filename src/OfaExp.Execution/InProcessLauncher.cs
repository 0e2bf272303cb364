using OfaExp.Core.Planning;

namespace OfaExp.Execution;

/// <summary>The default launcher: one executor in this process trains the runs one after another.</summary>
public sealed class InProcessLauncher(SweepExecutor executor) : ILauncher
{
    public IReadOnlyList<RunResult> Launch(RunPlan plan, IReadOnlyCollection<string>? only, ISweepObserver observer, CancellationToken cancellationToken) =>
        executor.Execute(plan, only, observer, cancellationToken);
}
