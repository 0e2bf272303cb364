using System.Diagnostics;
using NetVips;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// Times <see cref="ImageBatchPipeline"/> on synthetic photo-sized JPEGs (500 x 375, ImageNet's most common size,
/// blurred noise so they compress like photos) written to a scratch directory: one training epoch (random-resized
/// crop, flip) and one evaluation pass (resize, centre crop). Prints nothing and asserts nothing.
/// </summary>
public static class FolderDataBenchmark
{
    public const int Width = 500;
    public const int Height = 375;

    public static FolderDataBenchmarkResult Run(int images, int resolution, int threads, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(images);
        var dir = Directory.CreateTempSubdirectory("ofaexp-bench-data-");
        try
        {
            var files = new List<FolderImage>(images);
            for (var i = 0; i < images; i++)
            {
                var path = Path.Combine(dir.FullName, $"img{i:D6}.jpg");
                using (var noise = Image.Gaussnoise(Width, Height, sigma: 80, mean: 128, seed: i))
                using (var rgb = noise.Bandjoin(noise.Flip(Enums.Direction.Horizontal), noise.Flip(Enums.Direction.Vertical)))
                using (var smooth = rgb.Gaussblur(1.5).Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb))
                {
                    smooth.Jpegsave(path, q: 90);
                }

                files.Add(new FolderImage(Path.GetFileName(path), path, new FileInfo(path).Length, i % 10));
            }

            var stats = new ChannelStats([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
            var reader = new FolderSampleReader(files, stats, seed: 1, minScale: 0.08, horizontalFlip: true);
            var batch = Math.Min(batchSize, images);
            var train = Time(reader, FolderBatchJobs.Train(images, 1, 0, batch, _ => resolution), threads);
            var eval = Time(reader, FolderBatchJobs.Eval(images, batch, resolution), threads);
            return new FolderDataBenchmarkResult(images, Width, Height, files.Sum(f => f.Size), train, eval);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static double Time(FolderSampleReader reader, IReadOnlyList<BatchJob> jobs, int threads)
    {
        var clock = Stopwatch.StartNew();
        var count = 0;
        using (var pipeline = new ImageBatchPipeline(reader, jobs, threads))
        {
            while (pipeline.Next() is { } batch)
            {
                count += batch.Count;
            }
        }

        return count / clock.Elapsed.TotalSeconds;
    }
}
