using System.Diagnostics;
using System.Reflection;

namespace OfaExp.Cli;

/// <summary>Provenance recorded with every run: the tool's version, the experiments' git commit and the libtorch build.</summary>
public static class ToolInfo
{
    public static string Version { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>
    /// The libtorch this build bundles, "cpu" or "cuda" (MSBuild property OfaExpTorchBackend, recorded as assembly
    /// metadata), read without loading libtorch.
    /// </summary>
    public static string TorchBackend { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OfaExpTorchBackend")?.Value ?? "cpu";

    /// <summary>
    /// The libtorch package this build references and its version, e.g. "libtorch-cpu-linux-x64 2.10.0" (assembly
    /// metadata OfaExpLibtorch, from Directory.Packages.props), for the hardware class of the runs it trains.
    /// </summary>
    public static string Libtorch { get; } =
        typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "OfaExpLibtorch")?.Value ?? Core.Hardware.HardwareClass.Unknown;

    /// <summary>HEAD of the git checkout holding <paramref name="directory"/>, with "+dirty" when it has changes; null outside git.</summary>
    public static string? GitCommit(string directory)
    {
        try
        {
            var head = Git(directory, "rev-parse HEAD");
            if (head is null)
            {
                return null;
            }

            var dirty = Git(directory, "status --porcelain --untracked-files=no");
            return string.IsNullOrEmpty(dirty) ? head : head + "+dirty";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string? Git(string directory, string arguments)
    {
        var info = new ProcessStartInfo("git", $"-C \"{directory}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : null;
    }
}
