namespace OfaExp.Core.Spec;

/// <summary>
/// The floating-point type a run computes in (<c>device.dtype</c>). float32 is what every reference trains in;
/// float64 makes a run's numbers independent of the CPU's kernels (AVX-512, AVX2 or plain ATen kernels round float32
/// sums differently, and training amplifies that to whole points of accuracy; in float64 the same run agrees to about
/// 1e-15), at several times the cost.
/// </summary>
public enum DType
{
    Float32,
    Float64,
}
