using OfaExp.Core.Config;
using OfaExp.Core.Spec;
using OfaExp.Core.Sweeps;

namespace OfaExp.Execution.Planning;

/// <summary>
/// Checks at plan time that this build can train on every device.kind an experiment asks for: a CPU build (the
/// default) has no CUDA libtorch, so device.kind: cuda is bad input there, named at the file and line that set it.
/// </summary>
public static class DeviceCheck
{
    /// <param name="torchBackend">The libtorch the runs would train with (a CUDA one also trains on the CPU).</param>
    public static IEnumerable<ConfigDiagnostic> Check(ExperimentConfig config, DeviceKind torchBackend)
    {
        if (torchBackend == DeviceKind.Cuda)
        {
            yield break;
        }

        var seen = new HashSet<SourceLocation>();
        var swept = config.Sweep.Axes.Any(a => a.Paths.Contains("device.kind"));
        var points = swept ? SweepExpander.Expand(config.Sweep).Select(p => config.Base.With(p.Assignments)) : [config.Base];
        foreach (var resolved in points)
        {
            var location = resolved.LocationOf("device.kind");
            if (DeviceKindNames.Spelling.Parse(resolved.Get<string>("device.kind")) == DeviceKind.Cuda && seen.Add(location))
            {
                yield return new ConfigDiagnostic(location,
                    "device.kind: 'cuda' needs the CUDA build of ofaexp, and this one is the CPU build (libtorch-cpu). "
                    + "Build and install the CUDA one with tools/setup.sh --cuda (it restores TorchSharp-cuda-linux from nuget.org), "
                    + "or set device.kind: cpu.");
            }
        }
    }
}
