using OfaExp.Execution;
using System.Globalization;
using OfaExp.Core.Execution;
using OfaExp.Core.Hashing;

namespace OfaExp.Cli.Execution;

/// <summary>The words of the progress lines; invariant culture throughout, so logs read the same on every machine.</summary>
public static class ProgressText
{
    /// <summary>The whole sweep: runs over out of runs attempted, and the time left.</summary>
    public static string Sweep(int finished, int total, TimeSpan? remaining)
    {
        var counts = string.Create(CultureInfo.InvariantCulture, $"sweep {finished}/{total} done");
        if (finished >= total)
        {
            return counts;
        }

        return counts + (remaining is { } t ? ", ETA " + Eta(t) : ", ETA measuring");
    }

    /// <summary>One report of the run in progress.</summary>
    public static string Phase(TrainProgress p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var prefix = $"{RunIdentity.Short(p.RunId)} {p.Phase}";
        return p.Stage switch
        {
            "train" => string.Create(CultureInfo.InvariantCulture,
                $"{prefix} epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.StepsPerEpoch} loss {p.Loss:F4} {p.ImagesPerSecond:F0} img/s, phase ETA {Eta(p.Eta)}"),
            "eval" => string.Create(CultureInfo.InvariantCulture,
                $"{prefix} epoch {p.Epoch}/{p.Epochs} trained: mean loss {p.Loss:F4}, {p.ImagesPerSecond:F0} img/s, phase ETA {Eta(p.Eta)}; validating"),
            _ => $"{prefix} {p.Stage}",
        };
    }

    /// <summary>A run that is over, with what the summary table will say of it.</summary>
    public static string Finished(RunResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var run = $"{RunIdentity.Short(r.RunId)} {r.Experiment}/{r.Phase}";
        return r.Outcome switch
        {
            RunOutcome.Trained or RunOutcome.TrainedElsewhere => $"{run} {r.OutcomeText} in {Duration(r.Wall)}" + (r.ValTop1 is { } v ? string.Create(CultureInfo.InvariantCulture, $", val top-1 {v:F2}%") : ""),
            RunOutcome.Failed => $"{run} failed after {Duration(r.Wall)}",
            _ => r.Error is null ? $"{run} {r.OutcomeText}" : $"{run} {r.OutcomeText}: {r.Error}",
        };
    }

    /// <summary>A time left: minutes and seconds, or hours and minutes.</summary>
    public static string Eta(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}h{t.Minutes:D2}m")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}m{t.Seconds:D2}s");

    /// <summary>A time taken: tenths of a second under a minute, then minutes and seconds.</summary>
    public static string Duration(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes}m{t.Seconds:D2}s")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:F1}s");
}
