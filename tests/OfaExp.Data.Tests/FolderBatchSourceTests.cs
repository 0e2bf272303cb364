using NetVips;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

/// <summary>
/// The trainers' view of an image folder: a batch depends on (seed, epoch, step) and the resolution alone, so reading
/// from the middle (a resumed run), in order, or with any number of decode threads gives the same bytes.
/// </summary>
public class FolderBatchSourceTests
{
    private static readonly ChannelStats ImageNet = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    private static IReadOnlyList<FolderImage> Images(TempDir dir, int count)
    {
        var images = new List<FolderImage>();
        for (var i = 0; i < count; i++)
        {
            var path = dir.File($"n{i}.jpg");
            using (var noise = Image.Gaussnoise(60 + (7 * i), 50 + (5 * i % 30), sigma: 60, mean: 128, seed: i))
            using (var rgb = noise.Bandjoin(noise.Flip(Enums.Direction.Vertical), noise.Flip(Enums.Direction.Horizontal)))
            using (var bytes = rgb.Cast(Enums.BandFormat.Uchar).Copy(interpretation: Enums.Interpretation.Srgb))
            {
                bytes.Jpegsave(path, q: 90);
            }

            images.Add(new FolderImage($"n{i}.jpg", path, new FileInfo(path).Length, i % 3));
        }

        return images;
    }

    // Odd steps at 24 px, even ones at 32: the step's resolution reaches the decoder.
    private static int Resolution(int epoch, int step) => (epoch + step) % 2 == 0 ? 32 : 24;

    // Values, not references (the source reuses its buffers): the images' bytes in hex, the labels, the size.
    private static (string Images, string Labels, int Height) Copy(Batch batch)
    {
        var bytes = new byte[batch.Images.Length * sizeof(float)];
        Buffer.BlockCopy(batch.Images, 0, bytes, 0, bytes.Length);
        return (Convert.ToHexString(bytes), string.Join(',', batch.Labels), batch.Height);
    }

    [Fact]
    public void Training_batches_are_the_same_in_order_from_a_resumed_step_and_for_any_thread_count()
    {
        using var dir = new TempDir();
        var reader = new FolderSampleReader(Images(dir, 22), ImageNet, seed: 11, minScale: 0.08, horizontalFlip: true);
        var inOrder = new List<(string Images, string Labels, int Height)>();
        using (var source = new FolderTrainBatches(reader, 5, Resolution, threads: 1))
        {
            Assert.Equal(4, source.StepsPerEpoch);
            for (var epoch = 0; epoch < 2; epoch++)
            {
                for (var step = 0; step < source.StepsPerEpoch; step++)
                {
                    var batch = source.Get(epoch, step);
                    Assert.Equal(Resolution(epoch, step), batch.Height);
                    inOrder.Add(Copy(batch));
                }
            }
        }

        // Resumed at epoch 1, step 2 with three threads, then a jump back (any order still gives the same batch).
        using var resumed = new FolderTrainBatches(reader, 5, Resolution, threads: 3);
        Assert.Equal(inOrder[6], Copy(resumed.Get(1, 2)));
        Assert.Equal(inOrder[7], Copy(resumed.Get(1, 3)));
        Assert.Equal(inOrder[1], Copy(resumed.Get(0, 1)));
        Assert.NotEqual(inOrder[0].Images, inOrder[4].Images);
    }

    [Fact]
    public void Evaluation_batches_decode_at_the_resolution_asked_and_do_not_depend_on_threads()
    {
        using var dir = new TempDir();
        var reader = new FolderSampleReader(Images(dir, 7), ImageNet, seed: 3, minScale: 0.08, horizontalFlip: true);
        foreach (var train in new[] { false, true })
        {
            using var one = new FolderEvalBatches(reader, 3, train, threads: 1);
            using var three = new FolderEvalBatches(reader, 3, train, threads: 3);
            Assert.Equal(3, one.BatchCount);
            foreach (var resolution in new[] { 24, 32 })
            {
                for (var i = 0; i < one.BatchCount; i++)
                {
                    var batch = one.Get(i, resolution);
                    Assert.Equal((resolution, i < 2 ? 3 : 1), (batch.Height, batch.Count));
                    Assert.Equal(Copy(batch), Copy(three.Get(i, resolution)));
                }
            }

            // A second pass (the next epoch's validation) gives the same batches again.
            Assert.Equal(Copy(one.Get(0, 24)), Copy(three.Get(0, 24)));
        }
    }
}
