namespace OfaExp.Core.Spec;

/// <summary>
/// What a run trains on (<c>device.kind</c>). Part of run identity: a GPU computes other numbers than a CPU for the
/// same inputs. Also names the libtorch a build bundles (MSBuild property OfaExpTorchBackend): a CUDA build trains on
/// either.
/// </summary>
public enum DeviceKind
{
    Cpu,
    Cuda,
}
