using System.Diagnostics;
using static TorchSharp.torch;

namespace OfaExp.Nn.Search;

/// <summary>
/// Times forward computations: each gets <c>warmup</c> untimed calls, then <c>repeats</c> timed rounds in which every
/// computation is called once, in turn; an entry is the median of its rounds, in milliseconds. Round-robin, because
/// a shared machine drifts (a neighbour, a frequency change): timing one computation after another would give whole
/// stretches of the table the same bias, while interleaved rounds spread every entry over the whole measurement.
/// On CUDA each call is synchronised so the time covers the kernels, not just their launch.
/// </summary>
public sealed class LayerTimer(int warmup, int repeats, Device device)
{
    public double[] MedianMs(IReadOnlyList<Func<Tensor>> computations, Action<int, int>? onRound = null)
    {
        ArgumentNullException.ThrowIfNull(computations);
        using var noGrad = no_grad();
        foreach (var forward in computations)
        {
            for (var i = 0; i < warmup; i++)
            {
                forward().Dispose();
            }
        }

        Synchronize();
        var times = computations.Select(_ => new double[repeats]).ToArray();
        for (var round = 0; round < repeats; round++)
        {
            onRound?.Invoke(round, repeats);
            for (var c = 0; c < computations.Count; c++)
            {
                var start = Stopwatch.GetTimestamp();
                using (computations[c]())
                {
                    Synchronize();
                }

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

    private void Synchronize()
    {
        if (device.type == TorchSharp.DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }
}
