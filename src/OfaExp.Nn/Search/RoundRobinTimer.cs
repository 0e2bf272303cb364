using System.Diagnostics;

namespace OfaExp.Nn.Search;

/// <summary>
/// The timing loop of every latency runtime: each call gets <c>warmup</c> untimed runs, then <c>repeats</c> timed
/// rounds in which every call runs once, in turn; an entry is the median of its rounds, in milliseconds.
/// Round-robin, because a shared machine drifts (a neighbour, a frequency change): timing one computation after
/// another would give whole stretches of the table the same bias, while interleaved rounds spread every entry over
/// the whole measurement. A call must finish its work before it returns (a runtime that works asynchronously
/// synchronises inside it).
/// </summary>
public static class RoundRobinTimer
{
    public static double[] MedianMs(IReadOnlyList<Action> calls, int warmup, int repeats, Action<int, int>? onRound = null)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repeats);
        foreach (var call in calls)
        {
            for (var i = 0; i < warmup; i++)
            {
                call();
            }
        }

        var times = calls.Select(_ => new double[repeats]).ToArray();
        // What the caller allocated before (a search's millions of candidates) is collected now, not by a
        // background collection that would take a core from the timed runtime's threads in the middle of the rounds.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        for (var round = 0; round < repeats; round++)
        {
            onRound?.Invoke(round, repeats);
            for (var c = 0; c < calls.Count; c++)
            {
                var start = Stopwatch.GetTimestamp();
                calls[c]();
                times[c][round] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return [.. times.Select(Median)];
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
