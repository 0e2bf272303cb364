namespace OfaExp.Cli.Tests;

/// <summary>A scratch working directory with an experiments/ tree and its own artifacts/.</summary>
internal sealed class Sandbox : IDisposable
{
    /// <summary>A preset small enough to train in seconds: the real network shape, scaled down.</summary>
    public const string Tiny = """
        seed: 0
        supernet:
          width_mult: 0.25
          stem_stride: 2
          stage_strides: [2, 2, 2, 1, 1]
          depths: [1, 2]
          resolutions: [28]
        data:
          train_subset: 256
          val_fraction: 0.25
        pipeline: [full]
        phases:
          full:
            epochs: 1
            batch_size: 64
            base_batch_size: 64
            lr: 0.05

        """;

    /// <summary>
    /// <see cref="Tiny"/> with a kernel phase of <paramref name="kernelEpochs"/> epochs distilled from the full one, and
    /// small evaluations (64 recalibration and 64 test images), so each run takes seconds.
    /// </summary>
    public static string TinyShrinking(int kernelEpochs) => Tiny.Replace("pipeline: [full]", "pipeline: [full, kernel]", StringComparison.Ordinal) + $"""
          kernel:
            epochs: {kernelEpochs}
            batch_size: 64
            base_batch_size: 64
            lr: 0.02
        eval:
          recal_images: 64
          recal_batch_size: 32
          test_subset: 64
          resolutions: [28]

        """;

    /// <summary>The repository this test build came from (tools/ and committed fixtures live there).</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OfaExp.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public Sandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "ofaexp-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(Root, "experiments"));
    }

    public string Root { get; }

    public string Db => Path.Combine(Root, "artifacts", "ofaexp.db");

    public string Write(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public (int Exit, string Out, string Err) Run(params string[] args) => Tool.Run(Root, args);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
