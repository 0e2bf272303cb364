using System.Globalization;
using OfaExp.Core.Planning;

namespace OfaExp.Execution;

/// <summary>
/// How many local worker processes a sweep trains with, and why. <c>--workers auto</c> (the default) fills the cores:
/// cores / device.threads of the widest pending CPU run, never more than the runs that can train at once (the largest
/// wave of pending runs whose parents and teachers are done or in earlier waves). CUDA sweeps take one unless told:
/// how many GPUs to use is the user's call. Sweeps with runs that time things take one as well: a latency table and
/// a search (which times its found subnets end to end and the strategies against each other) measure the machine,
/// and a worker training beside them would be in every figure.
/// </summary>
public sealed record WorkerChoice(int Count, string Reason)
{
    public static WorkerChoice Explicit(int count) =>
        new(count, string.Create(CultureInfo.InvariantCulture, $"{count} {Noun(count)} (--workers {count})"));

    public static WorkerChoice Auto(RunPlan plan, IReadOnlyCollection<PlannedRun> pending, int cores)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Count == 0)
        {
            return new(1, "1 worker: nothing to train");
        }

        if (pending.Any(r => r.Spec.Device.Kind != Core.Spec.DeviceKind.Cpu))
        {
            return new(1, "1 worker: the sweep has GPU runs (--workers N gives worker i GPU i)");
        }

        if (pending.Any(Times))
        {
            return new(1, "1 worker: the sweep times latencies or searches, which run alone");
        }

        var threads = pending.Max(r => r.Spec.Device.Threads);
        var byCores = Math.Max(1, cores / threads);
        var width = Width(pending);
        var count = Math.Min(byCores, width);
        var why = string.Create(CultureInfo.InvariantCulture, $"{count} {Noun(count)}: {cores} cores / {threads} {(threads == 1 ? "thread" : "threads")} per run");
        return new(count, width < byCores
            ? why + string.Create(CultureInfo.InvariantCulture, $", and at most {width} {(width == 1 ? "run" : "runs")} can train at once")
            : why);
    }

    /// <summary>Whether a run's results include timings of this machine, which other work running beside it would skew.</summary>
    public static bool Times(PlannedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Role is Core.Spec.PhaseRole.LatencyTable or Core.Spec.PhaseRole.Search;
    }

    // The largest set of pending runs at one depth of the dependency graph, counting only pending runs.
    private static int Width(IReadOnlyCollection<PlannedRun> pending)
    {
        var byId = pending.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var wave = new Dictionary<string, int>(StringComparer.Ordinal);
        int WaveOf(string? id) => id is null || !byId.TryGetValue(id, out var run)
            ? 0
            : wave.TryGetValue(id, out var w) ? w : wave[id] = 1 + Math.Max(WaveOf(run.ParentId), WaveOf(run.TeacherId));
        return pending.GroupBy(r => WaveOf(r.Id)).Max(g => g.Count());
    }

    private static string Noun(int count) => count == 1 ? "worker" : "workers";
}
