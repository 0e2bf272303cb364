using static TorchSharp.torch;

namespace OfaExp.Nn.Search;

/// <summary>
/// Times libtorch forward computations in interleaved rounds (<see cref="RoundRobinTimer"/>), without autograd. The
/// time of a call covers its result's disposal, and on CUDA a synchronisation, so it covers the kernels, not just
/// their launch.
/// </summary>
public sealed class LayerTimer(int warmup, int repeats, Device device)
{
    public double[] MedianMs(IReadOnlyList<Func<Tensor>> computations, Action<int, int>? onRound = null)
    {
        ArgumentNullException.ThrowIfNull(computations);
        using var noGrad = no_grad();
        var calls = computations.Select(forward => (Action)(() =>
        {
            using (forward())
            {
                Synchronize();
            }
        })).ToList();
        return RoundRobinTimer.MedianMs(calls, warmup, repeats, onRound);
    }

    private void Synchronize()
    {
        if (device.type == TorchSharp.DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }
}
