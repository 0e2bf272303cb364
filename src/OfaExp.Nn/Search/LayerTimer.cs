using System.Diagnostics;
using static TorchSharp.torch;

namespace OfaExp.Nn.Search;

/// <summary>
/// Times one forward computation: <c>warmup</c> untimed calls, then the median of <c>repeats</c> timed ones, in
/// milliseconds. The median, not the mean, because a single descheduled call on a shared machine would otherwise
/// move a table entry. On CUDA each call is synchronised so the time covers the kernels, not just their launch.
/// </summary>
public sealed class LayerTimer(int warmup, int repeats, Device device)
{
    public double MedianMs(Func<Tensor> forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        using var noGrad = no_grad();
        for (var i = 0; i < warmup; i++)
        {
            forward().Dispose();
        }

        Synchronize();
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using (forward())
            {
                Synchronize();
            }

            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return repeats % 2 == 1 ? times[repeats / 2] : (times[(repeats / 2) - 1] + times[repeats / 2]) / 2;
    }

    private void Synchronize()
    {
        if (device.type == TorchSharp.DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }
}
