using OfaExp.Core.Spec;

namespace OfaExp.Data.Tests;

public class ResizedCropTests
{
    private static readonly ChannelStats Identity = new([0f], [1f / 255f]);

    // One 28x28 grey image whose pixel (y, x) is x * 9: a horizontal ramp, so bilinear values are known exactly.
    private static ImageSet Ramp()
    {
        var pixels = new byte[28 * 28];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i % 28 * 9);
        }

        return new ImageSet(pixels, [0], 28, 28, 1, 10);
    }

    [Fact]
    public void A_window_of_the_left_half_is_stretched_with_half_pixel_centres_and_clamped_edges()
    {
        var output = new float[28 * 28];
        new SampleWriter(Ramp(), Identity).WriteResized(0, output, top: 0, left: 0, cropHeight: 28, cropWidth: 14, flip: false);

        for (var x = 0; x < 28; x++)
        {
            // Output column x samples source column (x + 0.5) / 2 - 0.5, clamped to [0, 13].
            var source = Math.Clamp(((x + 0.5) / 2) - 0.5, 0, 13);
            Assert.Equal((float)(source * 9), output[(5 * 28) + x], 3);
        }
    }

    [Fact]
    public void A_mirrored_window_is_the_mirror_of_the_resized_window()
    {
        var writer = new SampleWriter(Ramp(), Identity);
        var plain = new float[784];
        var mirrored = new float[784];
        writer.WriteResized(0, plain, 3, 5, 20, 17, flip: false);
        writer.WriteResized(0, mirrored, 3, 5, 20, 17, flip: true);

        for (var y = 0; y < 28; y++)
        {
            for (var x = 0; x < 28; x++)
            {
                Assert.Equal(plain[(y * 28) + 27 - x], mirrored[(y * 28) + x]);
            }
        }
    }

    [Fact]
    public void The_whole_image_as_window_is_the_image_itself()
    {
        var set = DataSplitter.Split(RealData.Train, RealData.Spec(trainSubset: 200)).Train;
        var writer = new SampleWriter(set, FashionMnist.Normalization);
        var lut = FashionMnist.Normalization.BuildLookup();
        var output = new float[784];
        writer.WriteResized(4, output, 0, 0, 28, 28, flip: false);

        var expected = set.Image(4).ToArray().Select(b => lut[b]).ToArray();
        for (var i = 0; i < 784; i++)
        {
            Assert.Equal(expected[i], output[i], 5);
        }
    }

    [Theory]
    [InlineData(0.08)]
    [InlineData(0.85)]
    public void Windows_lie_inside_the_image_with_the_drawn_area_and_aspect_ratio(double minScale)
    {
        var augment = new AugmentSpec(0, true, minScale);
        var areas = new List<double>();
        var mirrored = 0;
        for (var sample = 0; sample < 2000; sample++)
        {
            var draw = SampleAugment.Draw(augment, 17, sample, 64, 64);
            Assert.True(draw.Resized);
            Assert.InRange(draw.OffsetY, 0, 64 - draw.CropHeight);
            Assert.InRange(draw.OffsetX, 0, 64 - draw.CropWidth);
            var area = draw.CropHeight * draw.CropWidth / (64.0 * 64.0);

            // Rounding each side to whole pixels moves the area and ratio by less than one row or column.
            Assert.InRange(area, minScale * 0.9, 1.0);
            Assert.InRange((double)draw.CropWidth / draw.CropHeight, 0.75 * 0.95, 4.0 / 3.0 * 1.05);
            areas.Add(area);
            mirrored += draw.Mirrored ? 1 : 0;
            Assert.Equal(draw, SampleAugment.Draw(augment, 17, sample, 64, 64));
        }

        // Areas spread over the allowed range (uniform in [minScale, 1] before windows that do not fit are redrawn).
        Assert.True(areas.Min() < minScale + ((1 - minScale) * 0.1), $"smallest area {areas.Min()}");
        Assert.True(areas.Max() > 1 - ((1 - minScale) * 0.1), $"largest area {areas.Max()}");
        Assert.InRange(mirrored, 850, 1150);
    }

    [Fact]
    public void Resized_crop_batches_are_deterministic_and_differ_from_the_plain_images()
    {
        var set = DataSplitter.Split(RealData.Train, RealData.Spec(trainSubset: 1000)).Train;
        var augment = new AugmentSpec(0, false, 0.08);
        TrainBatches Source() => new(set, augment, FashionMnist.Normalization, 5, 32);
        var a = Source().CreateBuffer();
        var b = Source().CreateBuffer();
        Source().Fill(2, 3, a);
        Source().Fill(2, 3, b);
        Assert.Equal(a.Images, b.Images);

        var lut = FashionMnist.Normalization.BuildLookup();
        var changed = Enumerable.Range(0, 32).Count(row =>
            !set.Image(a.Indices[row]).ToArray().Select(p => lut[p]).SequenceEqual(a.Images.AsSpan(row * 784, 784).ToArray()));
        Assert.True(changed > 28, $"only {changed} of 32 images were cropped");
    }
}
