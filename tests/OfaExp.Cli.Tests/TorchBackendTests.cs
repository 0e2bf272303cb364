using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace OfaExp.Cli.Tests;

/// <summary>
/// The GPU build switch (-p:OfaExpTorchBackend=cuda, tools/setup.sh --cuda): which libtorch package a build
/// references, the backend it records, and device.kind: cuda refused at plan time by a CPU build.
/// </summary>
public sealed class TorchBackendTests
{
    /// <summary>Runs a command from the repository root, without the MSBuild variables of the test host.</summary>
    private static (int Exit, string Out, string Err) Shell(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = Sandbox.RepoRoot(), RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The package references of src/OfaExp.Nn as MSBuild evaluates them (no restore, no build).</summary>
    private static List<string> NnPackages(params string[] properties)
    {
        var r = Shell("dotnet", ["msbuild", "src/OfaExp.Nn/OfaExp.Nn.csproj", "-nologo", "-getItem:PackageReference", .. properties]);
        Assert.True(r.Exit == 0, r.Out + r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        return doc.RootElement.GetProperty("Items").GetProperty("PackageReference").EnumerateArray()
            .Select(e => e.GetProperty("Identity").GetString()!).ToList();
    }

    [Fact]
    public void The_default_build_references_the_cpu_libtorch()
    {
        var packages = NnPackages();
        Assert.Contains("TorchSharp", packages);
        Assert.Contains("libtorch-cpu-linux-x64", packages);
        Assert.DoesNotContain("TorchSharp-cuda-linux", packages);
    }

    [Fact]
    public void The_cuda_switch_references_TorchSharp_cuda_linux_instead()
    {
        var packages = NnPackages("-p:OfaExpTorchBackend=cuda");
        Assert.Contains("TorchSharp", packages);
        Assert.Contains("TorchSharp-cuda-linux", packages);
        Assert.DoesNotContain("libtorch-cpu-linux-x64", packages);
    }

    [Fact]
    public void An_unknown_backend_fails_the_build_naming_the_valid_ones()
    {
        var r = Shell("dotnet", ["msbuild", "src/OfaExp.Nn/OfaExp.Nn.csproj", "-nologo", "-t:OfaExpCheckTorchBackend", "-p:OfaExpTorchBackend=rocm"]);
        Assert.NotEqual(0, r.Exit);
        Assert.Contains("error OFAEXP001: OfaExpTorchBackend is 'rocm'; it must be cpu", r.Out, StringComparison.Ordinal);
        Assert.Contains("or cuda", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void This_build_records_the_cpu_backend()
    {
        static string? Recorded(Assembly a) => a.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(m => m.Key == "OfaExpTorchBackend")?.Value;
        Assert.Equal("cpu", Recorded(typeof(ToolInfo).Assembly));
        Assert.Equal("cpu", Recorded(typeof(Nn.Training.TorchDevices).Assembly));
        Assert.Equal("cpu", ToolInfo.TorchBackend);
        Assert.Equal("cpu", Nn.Training.TorchDevices.Backend);
    }

    [Fact]
    public void A_cpu_build_refuses_device_kind_cuda_at_plan_time_naming_the_key()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "device:\n  kind: cuda\n");
        foreach (var command in new[] { "plan", "sweep" })
        {
            var r = box.Run(command, "experiments/e");
            Assert.True(r.Exit == 2, $"{command}: exit {r.Exit}\n{r.Out}\n{r.Err}");
            Assert.StartsWith("error: ", r.Err, StringComparison.Ordinal);
            Assert.Contains("experiments/e/experiment.yaml:19", r.Err, StringComparison.Ordinal);
            Assert.Contains("device.kind: 'cuda' needs the CUDA build of ofaexp", r.Err, StringComparison.Ordinal);
            Assert.Contains("tools/setup.sh --cuda", r.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", r.Err, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(box.Root, "artifacts")), "a rejected sweep must write nothing");

        // Set on the command line or by one point of a sweep, it is named there; tables (no training) accepts it.
        var overridden = box.Run("plan", "experiments/e", "device.kind=cuda");
        Assert.Equal(2, overridden.Exit);
        box.Write("experiments/s/experiment.yaml", Sandbox.Tiny + "sweep:\n  device.kind: [cpu, cuda]\n");
        var swept = box.Run("plan", "experiments/s");
        Assert.Equal(2, swept.Exit);
        Assert.Contains("experiments/s/experiment.yaml:19", swept.Err, StringComparison.Ordinal);
        var tables = box.Run("tables", "experiments/e");
        Assert.True(tables.Exit == 0, tables.Err);
    }

    /// <summary>
    /// tools/setup.sh --cuda where TorchSharp-cuda-linux cannot be had: the restore is pointed at an empty local
    /// source (RestoreSources), so nothing is asked of a registry; it restores into obj/cuda only and packs nothing.
    /// </summary>
    [Fact]
    public void Setup_cuda_says_what_is_missing_and_where_it_comes_from_when_the_package_is_not_available()
    {
        var empty = Directory.CreateTempSubdirectory("ofaexp-empty-source-").FullName;
        var packages = Path.Combine(Sandbox.RepoRoot(), "artifacts", "packages");
        string[] Packed() => Directory.Exists(packages) ? [.. Directory.GetFiles(packages).Order(StringComparer.Ordinal)] : [];
        var before = Packed();
        try
        {
            var r = Shell("bash", ["tools/setup.sh", "--cuda"], new Dictionary<string, string> { ["RestoreSources"] = empty });
            Assert.True(r.Exit != 0, r.Out + r.Err);
            Assert.Contains("needs the NuGet package TorchSharp-cuda-linux 0.107.0", r.Err, StringComparison.Ordinal);
            Assert.Contains("comes from nuget.org", r.Err, StringComparison.Ordinal);
            Assert.Contains("libtorch-cuda-12.x-linux-x64 packages, several GB", r.Err, StringComparison.Ordinal);
            Assert.Contains("NU1", r.Err, StringComparison.Ordinal);
            Assert.Equal(before, Packed());
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
