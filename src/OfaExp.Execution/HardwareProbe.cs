using System.ComponentModel;
using System.Diagnostics;
using OfaExp.Core.Hardware;
using OfaExp.Core.Spec;

namespace OfaExp.Execution;

/// <summary>
/// The <see cref="HardwareClass"/> of this process: /proc/cpuinfo, the variables that steer libtorch's CPU kernels,
/// and for a CUDA run nvidia-smi. Never throws: a part that cannot be read is recorded as unknown.
/// </summary>
public static class HardwareProbe
{
    private static readonly TimeSpan NvidiaSmiTimeout = TimeSpan.FromSeconds(30);

    /// <param name="deviceKind">The runs' device.kind; only CUDA asks nvidia-smi.</param>
    /// <param name="torchSharp">The TorchSharp version of this build.</param>
    /// <param name="libtorch">The libtorch package this build references and its version.</param>
    public static HardwareClass Probe(DeviceKind deviceKind, string torchSharp, string libtorch)
    {
        var cuda = deviceKind == DeviceKind.Cuda;
        return HardwareClass.Describe(
            CpuInfoText(),
            Environment.GetEnvironmentVariable("ATEN_CPU_CAPABILITY"),
            // oneDNN reads its variables under both prefixes, the newer one first.
            Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA") ?? Environment.GetEnvironmentVariable("DNNL_MAX_CPU_ISA"),
            cuda,
            cuda ? NvidiaSmi() : null,
            torchSharp,
            libtorch);
    }

    private static string? CpuInfoText()
    {
        try
        {
            return File.ReadAllText("/proc/cpuinfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The GPU this process trains on: nvidia-smi lists every GPU of the node and ignores CUDA_VISIBLE_DEVICES, so the
    /// first visible one (how a worker or a Slurm task is given its GPU) is asked for by index or UUID; all of them
    /// when that fails or nothing narrows the choice.
    /// </summary>
    private static string? NvidiaSmi()
    {
        var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?.Split(',')[0].Trim();
        return (string.IsNullOrEmpty(visible) ? null : Run(["-i", visible])) ?? Run([]);
    }

    private static string? Run(IReadOnlyList<string> select)
    {
        var info = new ProcessStartInfo("nvidia-smi")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in select.Concat(["--query-gpu=name,driver_version", "--format=csv,noheader"]))
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(NvidiaSmiTimeout))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            errors.Wait();
            return process.ExitCode == 0 && output.Result.Trim().Length > 0 ? output.Result : null;
        }
        catch (Win32Exception)
        {
            // No nvidia-smi on this node.
            return null;
        }
    }
}
