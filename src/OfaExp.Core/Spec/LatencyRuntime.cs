namespace OfaExp.Core.Spec;

/// <summary>
/// The inference runtime a <c>latency_table</c> phase times layers and subnets in (<c>latency_table.runtime</c>).
/// A table predicts latency in the runtime it was timed in: the same network runs at another speed in another
/// runtime (other kernels, other fusions), so a table is only checked against end-to-end timings in its own.
/// </summary>
public enum LatencyRuntime
{
    /// <summary>libtorch (TorchSharp), the runtime OfaExp trains in, on <c>device.kind</c>.</summary>
    Libtorch,

    /// <summary>
    /// ONNX Runtime's CPU execution provider, with each layer shape exported as its own small ONNX graph and each
    /// checked subnet exported whole; the runtime subnets are more often deployed with.
    /// </summary>
    Onnxruntime,
}
