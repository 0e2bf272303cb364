using System.Diagnostics;
using OfaExp.Core.Planning;

namespace OfaExp.Execution;

/// <summary>
/// `--workers N`: this process and N-1 worker processes (<paramref name="workers"/>, each an `ofaexp sweep` of the
/// same tree in worker mode) run one executor loop each on the same store. Claims make every run train once; a
/// worker that dies leaves a claim the others take over (its owner is gone). This process reports the outcome of
/// every run, since its loop waits until each is resolved. A signal here is passed on to the workers as SIGTERM, so
/// each checkpoints its run, and this process returns only once they have all exited.
/// </summary>
public sealed class LocalWorkersLauncher(SweepExecutor executor, IReadOnlyList<ProcessStartInfo> workers) : ILauncher
{
    public IReadOnlyList<RunResult> Launch(RunPlan plan, IReadOnlyCollection<string>? only, ISweepObserver observer, CancellationToken cancellationToken)
    {
        var started = new List<Process>();
        try
        {
            foreach (var worker in workers)
            {
                started.Add(Process.Start(worker) ?? throw new InvalidOperationException($"Could not start worker '{worker.FileName}'."));
            }

            using var forward = cancellationToken.Register(() =>
            {
                foreach (var process in started.Where(p => !p.HasExited))
                {
                    PosixProcess.Terminate(process.Id);
                }
            });
            return executor.Execute(plan, only, observer, cancellationToken);
        }
        finally
        {
            foreach (var (process, index) in started.Select((p, i) => (p, i)))
            {
                process.WaitForExit();
                if (process.ExitCode is not (0 or 1) && !cancellationToken.IsCancellationRequested)
                {
                    // Its runs were taken over by the other workers; say so, since its own message may have scrolled by.
                    observer.Note($"Worker {index + 2} (process {process.Id}) exited with code {process.ExitCode}; the other workers took over its runs.");
                }

                process.Dispose();
            }
        }
    }
}
