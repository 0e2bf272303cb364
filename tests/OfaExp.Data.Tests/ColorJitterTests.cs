using OfaExp.Core.Spec;
using OfaExp.Data.ImageFolder;

namespace OfaExp.Data.Tests;

public class ColorJitterTests
{
    private static readonly ChannelStats ImageNet = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);
    private const int Res = 24;

    private static float[] Sample(FolderSampleReader reader, int sample, bool train, int epoch = 0)
    {
        var values = new float[3 * Res * Res];
        reader.Write(new BatchJob([sample], Res, train, epoch), sample, values);
        return values;
    }

    private static float Raw(float normalised, int channel) => ((normalised * ImageNet.Std[channel]) + ImageNet.Mean[channel]) * 255f;

    [Fact]
    public void Tf_draws_a_brightness_within_32_of_255_a_saturation_within_half_and_both_orders()
    {
        var draws = Enumerable.Range(0, 2000).Select(i => ColorJitterDraw.Draw(ColorJitter.Tf, 5, 1, i)!.Value).ToList();

        Assert.All(draws, d => Assert.InRange(d.Brightness, 1 - (32.0 / 255), 1 + (32.0 / 255)));
        Assert.All(draws, d => Assert.InRange(d.Saturation, 0.5, 1.5));
        Assert.InRange(draws.Count(d => d.BrightnessFirst), 900, 1100);
        Assert.InRange(draws.Min(d => d.Saturation), 0.5, 0.52);
        Assert.InRange(draws.Max(d => d.Saturation), 1.48, 1.5);
        Assert.Equal(draws[7], ColorJitterDraw.Draw(ColorJitter.Tf, 5, 1, 7));
        Assert.NotEqual(draws[7], ColorJitterDraw.Draw(ColorJitter.Tf, 5, 2, 7));
        Assert.Null(ColorJitterDraw.Draw(ColorJitter.None, 5, 1, 7));
    }

    [Fact]
    public void A_gray_image_is_only_brightened_or_darkened_by_the_drawn_factor()
    {
        using var dir = new TempDir();
        ImageFolderTree.WriteGrayJpeg(dir.File("g.jpg"), 120, 64, 48);
        var images = Enumerable.Range(0, 6).Select(_ => new FolderImage("g.jpg", dir.File("g.jpg"), new FileInfo(dir.File("g.jpg")).Length, 0)).ToList();
        var plain = new FolderSampleReader(images, ImageNet, seed: 9, minScale: 0.5, horizontalFlip: true);
        var jittered = new FolderSampleReader(images, ImageNet, seed: 9, minScale: 0.5, horizontalFlip: true, ColorJitter.Tf);

        for (var i = 0; i < images.Count; i++)
        {
            var before = Sample(plain, i, train: true);
            var after = Sample(jittered, i, train: true);
            var factor = (float)ColorJitterDraw.Draw(ColorJitter.Tf, 9, 0, i)!.Value.Brightness;
            for (var p = 0; p < before.Length; p++)
            {
                var channel = p / (Res * Res);
                Assert.Equal(Math.Clamp(Raw(before[p], channel) * factor, 0, 255), Raw(after[p], channel), 0.01f);
            }
        }
    }

    [Fact]
    public void Evaluation_images_are_never_jittered_and_training_images_of_colour_are_changed()
    {
        using var dir = new TempDir();
        ImageFolderTree.WriteJpeg(dir.File("c.jpg"), ImageFolderTree.Colours[0], 64, 48);
        var images = new[] { new FolderImage("c.jpg", dir.File("c.jpg"), new FileInfo(dir.File("c.jpg")).Length, 0) };
        var plain = new FolderSampleReader(images, ImageNet, seed: 3, minScale: 0.5, horizontalFlip: false);
        var jittered = new FolderSampleReader(images, ImageNet, seed: 3, minScale: 0.5, horizontalFlip: false, ColorJitter.Tf);

        Assert.Equal(Sample(plain, 0, train: false), Sample(jittered, 0, train: false));
        Assert.NotEqual(Sample(plain, 0, train: true), Sample(jittered, 0, train: true));
        Assert.Equal(Sample(jittered, 0, train: true), Sample(jittered, 0, train: true));

        // Every value stays a normalised 0..255 colour.
        var values = Sample(jittered, 0, train: true);
        for (var p = 0; p < values.Length; p++)
        {
            Assert.InRange(Raw(values[p], p / (Res * Res)), -0.01f, 255.01f);
        }
    }
}
