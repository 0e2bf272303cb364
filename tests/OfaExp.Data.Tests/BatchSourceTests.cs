using OfaExp.Core.Spec;

namespace OfaExp.Data.Tests;

public class BatchSourceTests
{
    private static readonly Lazy<DatasetSplit> Split = new(() => DataSplitter.Split(RealData.Train, RealData.Spec(trainSubset: 1000)));

    private static ImageSet Train => Split.Value.Train;

    private static float[] Normalized(ImageSet set, int sample)
    {
        var lut = FashionMnist.Normalization.BuildLookup();
        return set.Image(sample).ToArray().Select(b => lut[b]).ToArray();
    }

    private static TrainBatches Source(AugmentSpec augment, ulong seed = 11, int batchSize = 64) =>
        new(Train, augment, FashionMnist.Normalization, seed, batchSize);

    private static Batch Fill(TrainBatches source, int epoch, int step)
    {
        var batch = source.CreateBuffer();
        source.Fill(epoch, step, batch);
        return batch;
    }

    [Fact]
    public void Drops_the_incomplete_last_batch()
    {
        var source = Source(AugmentSpec.None);

        Assert.Equal(750 / 64, source.StepsPerEpoch);
        Assert.Throws<ArgumentOutOfRangeException>(() => source.Fill(0, source.StepsPerEpoch, source.CreateBuffer()));
    }

    [Fact]
    public void Same_seed_and_epoch_give_the_same_batch_from_any_instance_in_any_order()
    {
        var augment = new AugmentSpec(2, true);
        var first = Source(augment);
        _ = Fill(first, 0, 1);
        var a = Fill(first, 3, 5);
        var b = Fill(Source(augment), 3, 5);

        Assert.Equal(a.Images, b.Images);
        Assert.Equal(a.Labels, b.Labels);
        Assert.Equal(a.Indices, b.Indices);
    }

    [Fact]
    public void Each_epoch_has_its_own_order_and_a_different_seed_another_one()
    {
        var source = Source(AugmentSpec.None);

        var epoch0 = source.EpochOrder(0).ToArray();
        var epoch1 = source.EpochOrder(1).ToArray();
        var otherSeed = Source(AugmentSpec.None, seed: 12).EpochOrder(0).ToArray();

        Assert.NotEqual(epoch0, epoch1);
        Assert.NotEqual(epoch0, otherSeed);
        Assert.Equal(Enumerable.Range(0, Train.Count), epoch1.Order());
    }

    [Fact]
    public void Without_augmentation_rows_are_the_normalized_images_with_their_labels()
    {
        var batch = Fill(Source(AugmentSpec.None), 2, 3);

        for (var row = 0; row < batch.Count; row++)
        {
            var sample = batch.Indices[row];
            Assert.Equal(Normalized(Train, sample), batch.Images.AsSpan(row * 784, 784).ToArray());
            Assert.Equal(Train.Labels[sample], batch.Labels[row]);
        }

        Assert.Equal(-0.2860f / 0.3530f, Normalized(Train, 0).Min(), 5);
    }

    [Fact]
    public void Flip_only_gives_each_image_or_its_mirror_and_both_occur()
    {
        var batch = Fill(Source(new AugmentSpec(0, true)), 0, 0);
        var mirrored = 0;

        for (var row = 0; row < batch.Count; row++)
        {
            var plain = Normalized(Train, batch.Indices[row]);
            var mirror = Enumerable.Range(0, 784).Select(i => plain[(i / 28 * 28) + 27 - (i % 28)]).ToArray();
            var actual = batch.Images.AsSpan(row * 784, 784).ToArray();
            Assert.True(actual.SequenceEqual(plain) || actual.SequenceEqual(mirror));
            mirrored += actual.SequenceEqual(mirror) && !plain.SequenceEqual(mirror) ? 1 : 0;
        }

        Assert.InRange(mirrored, 10, 54);
    }

    [Fact]
    public void Padded_crop_is_a_shift_within_the_padding_filled_with_zero_pixels()
    {
        const int pad = 2;
        var batch = Fill(Source(new AugmentSpec(pad, false)), 1, 0);
        var zero = FashionMnist.Normalization.BuildLookup()[0];
        var shifts = new HashSet<(int, int)>();

        for (var row = 0; row < batch.Count; row++)
        {
            var plain = Normalized(Train, batch.Indices[row]);
            var actual = batch.Images.AsSpan(row * 784, 784).ToArray();
            var match = ShiftsOf(plain, zero, pad).Where(s => s.Image.SequenceEqual(actual)).Select(s => (s.Dy, s.Dx)).ToList();
            Assert.NotEmpty(match);
            shifts.Add(match[0]);
        }

        Assert.True(shifts.Count > 5, "crops should vary between samples");
    }

    [Fact]
    public void Eval_batches_cover_the_set_in_order_with_a_short_last_batch()
    {
        var val = Split.Value.Validation;
        var source = new EvalBatches(val, FashionMnist.Normalization, 100);

        Assert.Equal(3, source.BatchCount);
        var last = source.Get(2);
        Assert.Equal(50, last.Count);
        Assert.Equal(Enumerable.Range(200, 50), last.Indices);
        var first = source.Get(0);
        Assert.Equal(Enumerable.Range(0, 100), first.Indices);
        Assert.Equal(Normalized(val, 7), first.Images.AsSpan(7 * 784, 784).ToArray());
    }

    [Fact]
    public void Recalibration_batches_go_through_the_training_transform_with_a_fixed_draw_per_sample()
    {
        var val = Split.Value.Validation;
        var flip = new OfaExp.Core.Spec.AugmentSpec(0, HorizontalFlip: true);
        var augmented = new EvalBatches(val, FashionMnist.Normalization, 50, flip, augmentSeed: 9).Get(0).Images.ToArray();
        var again = new EvalBatches(val, FashionMnist.Normalization, 50, flip, augmentSeed: 9).Get(0).Images.ToArray();
        Assert.Equal(augmented, again);

        var mirrored = 0;
        for (var i = 0; i < 50; i++)
        {
            var plain = Normalized(val, i);
            var image = augmented.AsSpan(i * 784, 784).ToArray();
            var flipped = Enumerable.Range(0, 784).Select(p => plain[(p / 28 * 28) + 27 - (p % 28)]).ToArray();
            Assert.True(image.SequenceEqual(plain) || image.SequenceEqual(flipped), $"sample {i} is neither itself nor its mirror image");
            mirrored += image.SequenceEqual(plain) ? 0 : 1;
        }

        Assert.InRange(mirrored, 10, 40);
    }

    private static IEnumerable<(int Dy, int Dx, float[] Image)> ShiftsOf(float[] plain, float zero, int pad)
    {
        for (var dy = -pad; dy <= pad; dy++)
        {
            for (var dx = -pad; dx <= pad; dx++)
            {
                var shifted = new float[784];
                for (var y = 0; y < 28; y++)
                {
                    for (var x = 0; x < 28; x++)
                    {
                        int sy = y + dy, sx = x + dx;
                        shifted[(y * 28) + x] = sy is >= 0 and < 28 && sx is >= 0 and < 28 ? plain[(sy * 28) + sx] : zero;
                    }
                }

                yield return (dy, dx, shifted);
            }
        }
    }
}
