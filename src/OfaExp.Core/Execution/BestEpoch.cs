using OfaExp.Core.Runs;

namespace OfaExp.Core.Execution;

/// <summary>
/// Which checkpoint of a run a teacher is taken from: the epoch with the highest epoch-level <c>val_top1</c>, the first
/// such epoch on ties (a later equal epoch brings nothing better, and the rule must not depend on float noise order).
/// </summary>
public static class BestEpoch
{
    /// <summary>The best epoch and whether it is the run's last recorded epoch; null when no epoch recorded the metric.</summary>
    public static (int Epoch, bool IsLast)? Of(IEnumerable<MetricPoint> metrics, string metric = "val_top1")
    {
        ArgumentNullException.ThrowIfNull(metrics);
        MetricPoint? best = null;
        var last = -1;
        foreach (var m in metrics.Where(m => m.Step == -1 && m.Name == metric).OrderBy(m => m.Epoch))
        {
            last = m.Epoch;
            if (best is null || m.Value > best.Value)
            {
                best = m;
            }
        }

        return best is null ? null : (best.Epoch, best.Epoch == last);
    }
}
