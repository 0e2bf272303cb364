using NetVips;
using OfaExp.Core.Errors;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

public class ImageBatchPipelineTests
{
    private static readonly ChannelStats ImageNet = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    // Noise images of different sizes and aspect ratios, so every crop, shrink and flip shows in the bytes.
    private static IReadOnlyList<FolderImage> NoiseImages(TempDir dir, int count)
    {
        var images = new List<FolderImage>();
        for (var i = 0; i < count; i++)
        {
            var path = dir.File($"n{i}.jpg");
            using (var noise = Image.Gaussnoise(120 + (37 * i % 500), 90 + (53 * i % 400), sigma: 60, mean: 128))
            using (var rgb = noise.Bandjoin(noise.Rot180().Resize(1.0).Crop(0, 0, noise.Width, noise.Height), noise.Flip(Enums.Direction.Horizontal)))
            using (var bytes = rgb.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb))
            {
                bytes.Jpegsave(path, q: 90);
            }

            images.Add(new FolderImage($"n{i}.jpg", path, new FileInfo(path).Length, i % 4));
        }

        return images;
    }

    private static List<(byte[] Images, long[] Labels, int[] Indices)> Drain(FolderSampleReader reader, IReadOnlyList<BatchJob> jobs, int threads, int capacity = 3)
    {
        using var pipeline = new ImageBatchPipeline(reader, jobs, threads, capacity);
        var drained = Drain(pipeline);
        Assert.InRange(pipeline.PeakBatchesHeld, 1, capacity);
        return drained;
    }

    private static List<(byte[] Images, long[] Labels, int[] Indices)> Drain(ImageBatchPipeline pipeline)
    {
        var batches = new List<(byte[], long[], int[])>();
        while (pipeline.Next() is { } batch)
        {
            var bytes = new byte[batch.Images.Length * sizeof(float)];
            Buffer.BlockCopy(batch.Images, 0, bytes, 0, bytes.Length);
            batches.Add((bytes, (long[])batch.Labels.Clone(), (int[])batch.Indices.Clone()));
        }

        return batches;
    }

    private static List<BatchJob> Jobs(int count)
    {
        var jobs = new List<BatchJob>();
        for (var epoch = 0; epoch < 2; epoch++)
        {
            jobs.AddRange(FolderBatchJobs.Train(count, 42, epoch, 4, step => step % 2 == 0 ? 32 : 48));
        }

        jobs.AddRange(FolderBatchJobs.Eval(count, 5, 40));
        return jobs;
    }

    [Fact]
    public void One_and_four_threads_give_byte_identical_batches()
    {
        using var dir = new TempDir();
        var images = NoiseImages(dir, 14);
        var reader = new FolderSampleReader(images, ImageNet, seed: 7, minScale: 0.08, horizontalFlip: true);
        var jobs = Jobs(images.Count);

        var one = Drain(reader, jobs, threads: 1);
        var four = Drain(reader, jobs, threads: 4, capacity: 2);

        Assert.Equal(jobs.Count, one.Count);
        Assert.Equal(3 + 3 + 3, one.Count);
        for (var b = 0; b < one.Count; b++)
        {
            Assert.Equal(one[b].Indices, four[b].Indices);
            Assert.Equal(one[b].Labels, four[b].Labels);
            Assert.True(one[b].Images.AsSpan().SequenceEqual(four[b].Images), $"batch {b} differs between 1 and 4 threads");
        }

        // Sizes follow the jobs: 4 x 3 x 32 x 32, then 48; eval 5, 5 and a tail of 4 at 40.
        Assert.Equal(4 * 3 * 32 * 32 * 4, one[0].Images.Length);
        Assert.Equal(4 * 3 * 48 * 48 * 4, one[1].Images.Length);
        Assert.Equal(4 * 3 * 40 * 40 * 4, one[^1].Images.Length);
        Assert.Equal(images.Select(i => (long)i.Label).Skip(10), one[^1].Labels);

        // Another epoch draws other crops of the same images.
        Assert.False(one[0].Images.AsSpan().SequenceEqual(one[3].Images));
    }

    [Fact]
    public void A_pipeline_given_the_buffers_of_the_last_one_writes_into_them_and_decodes_the_same_bytes()
    {
        using var dir = new TempDir();
        var images = NoiseImages(dir, 9);
        var reader = new FolderSampleReader(images, ImageNet, seed: 7, minScale: 0.08, horizontalFlip: true);
        var first = new ImageBatchPipeline(reader, FolderBatchJobs.Train(images.Count, 7, 0, 3, _ => 32), threads: 2);
        Drain(first);
        first.Dispose();
        var buffers = first.Buffers;
        Assert.Equal(3, buffers.Count);

        var epoch = FolderBatchJobs.Train(images.Count, 7, 1, 3, _ => 32);
        using var reusing = new ImageBatchPipeline(reader, epoch, threads: 2, buffers: buffers);
        var handed = new List<Batch>();
        var reused = new List<byte[]>();
        while (reusing.Next() is { } batch)
        {
            handed.Add(batch);
            var bytes = new byte[batch.Images.Length * sizeof(float)];
            Buffer.BlockCopy(batch.Images, 0, bytes, 0, bytes.Length);
            reused.Add(bytes);
        }

        Assert.All(handed, b => Assert.Contains(buffers, x => ReferenceEquals(x, b)));
        var fresh = Drain(reader, epoch, threads: 1);
        Assert.Equal(fresh.Select(b => b.Images), reused);
    }

    [Fact]
    public void A_bad_image_fails_its_batch_naming_the_file_and_stops_cleanly()
    {
        using var dir = new TempDir();
        var images = NoiseImages(dir, 8).ToList();
        File.WriteAllBytes(images[5].FullPath, File.ReadAllBytes(images[5].FullPath)[..100]);
        var reader = new FolderSampleReader(images, ImageNet, seed: 7, minScale: 0.08, horizontalFlip: true);

        foreach (var threads in new[] { 1, 3 })
        {
            using var pipeline = new ImageBatchPipeline(reader, FolderBatchJobs.Eval(images.Count, 2, 32), threads);
            Assert.NotNull(pipeline.Next());
            Assert.NotNull(pipeline.Next());
            var e = Assert.Throws<OfaExpException>(() => pipeline.Next());
            Assert.Equal(ExitCodes.BadInput, e.ExitCode);
            Assert.Contains(images[5].FullPath, e.Message);
        }
    }

    [Fact]
    public void A_solid_image_comes_out_normalised_with_imagenet_statistics()
    {
        using var tree = new ImageFolderTree();
        var layout = ImageFolderLayout.Open(tree.Path);
        var reader = new FolderSampleReader(layout.Val, ImageNet, seed: 1, minScale: 0.08, horizontalFlip: true);
        var batch = Drain(reader, FolderBatchJobs.Eval(layout.Val.Count, 3, 24), threads: 2).Single();

        var floats = new float[batch.Images.Length / 4];
        Buffer.BlockCopy(batch.Images, 0, floats, 0, batch.Images.Length);
        var plane = 24 * 24;
        var (r, g, b) = ImageFolderTree.Colours[2];
        var emu = floats.AsSpan(2 * 3 * plane);
        Assert.InRange(emu[0], ((r - 3) / 255f - 0.485f) / 0.229f, ((r + 3) / 255f - 0.485f) / 0.229f);
        Assert.InRange(emu[plane], ((g - 3) / 255f - 0.456f) / 0.224f, ((g + 3) / 255f - 0.456f) / 0.224f);
        Assert.InRange(emu[2 * plane], ((b - 3) / 255f - 0.406f) / 0.225f, ((b + 3) / 255f - 0.406f) / 0.225f);
        Assert.Equal([0L, 1L, 2L], batch.Labels);
    }
}
