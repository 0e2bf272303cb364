using System.Diagnostics;
using NetVips;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Times <see cref="ImageBatchPipeline"/>: one training epoch (random-resized crop, flip) and one evaluation pass
/// (resize, centre crop) over the train images of an image_folder root, or over synthetic photo-sized JPEGs (500 x
/// 375, ImageNet's most common size, blurred noise so they compress like photos). Prints nothing and asserts nothing.
/// </summary>
public static class FolderDataBenchmark
{
    public const int Width = 500;
    public const int Height = 375;

    /// <summary>The folder a synthetic set is written to under its root: one class, as an image_folder root wants.</summary>
    public const string SyntheticClass = "synthetic";

    /// <summary>Times <paramref name="images"/> synthetic JPEGs written to a scratch directory that is deleted after.</summary>
    public static FolderDataBenchmarkResult RunSynthetic(int images, int resolution, int threads, int batchSize)
    {
        var dir = Directory.CreateTempSubdirectory("ofaexp-bench-data-");
        try
        {
            WriteSynthetic(dir.FullName, images);
            return Run(dir.FullName, resolution, threads, batchSize);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Writes <paramref name="images"/> synthetic JPEGs (quality 90, about 96 KiB each) as an image_folder root:
    /// <paramref name="root"/>/train/synthetic/img000000.jpg, ...; images already there are kept, not rewritten.
    /// </summary>
    public static void WriteSynthetic(string root, int images)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(images);
        var folder = Path.Combine(root, ImageFolderLayout.TrainFolder, SyntheticClass);
        Directory.CreateDirectory(folder);
        for (var i = 0; i < images; i++)
        {
            var path = Path.Combine(folder, $"img{i:D6}.jpg");
            if (File.Exists(path))
            {
                continue;
            }

            // Written beside, then renamed: an interrupted run leaves no truncated image for the next one to time.
            var partial = path + ".partial.jpg";
            using (var noise = Image.Gaussnoise(Width, Height, sigma: 80, mean: 128, seed: i))
            using (var rgb = noise.Bandjoin(noise.Flip(Enums.Direction.Horizontal), noise.Flip(Enums.Direction.Vertical)))
            using (var smooth = rgb.Gaussblur(1.5).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb))
            {
                smooth.Jpegsave(partial, q: 90);
            }

            File.Move(partial, path);
        }
    }

    /// <summary>Times the train images of the image_folder root <paramref name="root"/>.</summary>
    /// <exception cref="Core.Errors.OfaExpException">The root is not a valid image_folder (exit 2).</exception>
    public static FolderDataBenchmarkResult Run(string root, int resolution, int threads, int batchSize)
    {
        var files = ImageFolderLayout.Open(root).Train;
        var stats = new ChannelStats([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
        var reader = new FolderSampleReader(files, stats, seed: 1, minScale: 0.08, horizontalFlip: true);
        var batch = Math.Min(batchSize, files.Count);
        var (train, buffers) = Time(reader, FolderBatchJobs.Train(files.Count, 1, 0, batch, _ => resolution), threads, null);
        var (eval, _) = Time(reader, FolderBatchJobs.Eval(files.Count, batch, resolution), threads, buffers);
        return new FolderDataBenchmarkResult(files.Count, files.Sum(f => f.Size), train, eval, Core.Hardware.ProcessMemory.PeakResidentKb());
    }

    private static (double ImagesPerSecond, IReadOnlyList<Batch> Buffers) Time(FolderSampleReader reader, IReadOnlyList<BatchJob> jobs, int threads, IReadOnlyList<Batch>? buffers)
    {
        var clock = Stopwatch.StartNew();
        var count = 0;
        using var pipeline = new ImageBatchPipeline(reader, jobs, threads, buffers: buffers);
        while (pipeline.Next() is { } batch)
        {
            count += batch.Count;
        }

        var rate = count / clock.Elapsed.TotalSeconds;
        pipeline.Dispose();
        return (rate, pipeline.Buffers);
    }
}
