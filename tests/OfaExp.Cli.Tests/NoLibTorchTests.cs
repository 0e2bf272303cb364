namespace OfaExp.Cli.Tests;

/// <summary>
/// Commands that do not train must not load libtorch (start-up time, and usable where libtorch is missing). The
/// test runs them from a copy of the tool without any native torch library: loading it would crash them.
/// </summary>
public sealed class NoLibTorchTests
{
    [Fact]
    public void Inspection_commands_run_without_the_torch_native_libraries()
    {
        using var box = new Sandbox();
        var copy = Path.Combine(box.Root, "tool");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            var name = Path.GetFileName(file);
            // SQLite's and Skia's natives stay: the store and the figures need them, torch's go.
            if (!(name.StartsWith("lib", StringComparison.Ordinal) && name.Contains(".so", StringComparison.Ordinal))
                || name.Contains("sqlite", StringComparison.Ordinal) || name.Contains("SkiaSharp", StringComparison.Ordinal) || name.Contains("HarfBuzzSharp", StringComparison.Ordinal))
            {
                File.Copy(file, Path.Combine(copy, name));
            }
        }

        Assert.False(File.Exists(Path.Combine(copy, "libtorch_cpu.so")));
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "tables:\n  t:\n    rows: [phase]\n    values:\n      top1: last(val_top1)\n"
            + "figures:\n  f:\n    kind: lines\n    y: val_top1\n");
        var dll = Path.Combine(copy, "ofaexp.dll");
        foreach (var args in new[] { new[] { "--help" }, ["status"], ["plan", "experiments/e"], ["plan", "experiments/e", "--json"], ["tables", "experiments/e"], ["figures", "experiments/e"], ["report", "experiments/e"] })
        {
            var (exit, output, err) = Tool.RunDll(dll, box.Root, args);
            Assert.True(exit == 0, $"'ofaexp {string.Join(' ', args)}' failed without libtorch: {err}");
            Assert.NotEmpty(output);
        }
    }
}
