using OfaExp.Core.Spec;

namespace OfaExp.Data.Tests;

public class PrefetchedTrainBatchesTests
{
    private static readonly Lazy<ImageSet> Train = new(() => DataSplitter.Split(RealData.Train, RealData.Spec(trainSubset: 600)).Train);

    private static TrainBatches Source() => new(Train.Value, new AugmentSpec(2, true), FashionMnist.Normalization, 5, 64);

    private static (float[] Images, long[] Labels, int[] Indices) Copy(Batch batch) =>
        ([.. batch.Images], [.. batch.Labels], [.. batch.Indices]);

    private static (float[] Images, long[] Labels, int[] Indices) Direct(int epoch, int step)
    {
        var source = Source();
        var batch = source.CreateBuffer();
        source.Fill(epoch, step, batch);
        return Copy(batch);
    }

    [Fact]
    public void A_training_loop_gets_byte_identical_batches_with_and_without_the_prefetch()
    {
        const int epochs = 3;
        var plain = Source();
        using var prefetched = new PrefetchedTrainBatches(Source(), epochs);
        Assert.Equal(plain.StepsPerEpoch, prefetched.StepsPerEpoch);

        for (var epoch = 0; epoch < epochs; epoch++)
        {
            for (var step = 0; step < plain.StepsPerEpoch; step++)
            {
                var expected = Copy(plain.Get(epoch, step));
                var actual = Copy(prefetched.Get(epoch, step));
                Assert.Equal(expected.Images, actual.Images);
                Assert.Equal(expected.Labels, actual.Labels);
                Assert.Equal(expected.Indices, actual.Indices);
            }
        }

        Assert.True(prefetched.FillTime > TimeSpan.Zero);
    }

    [Fact]
    public void Unpredicted_requests_a_resume_a_repeat_and_a_jump_back_are_the_same_batches()
    {
        using var prefetched = new PrefetchedTrainBatches(Source(), epochs: 4);
        (int Epoch, int Step)[] requests = [(2, 3), (2, 4), (2, 4), (0, 0), (3, 6), (1, 0), (1, 1)];

        foreach (var (epoch, step) in requests)
        {
            var actual = Copy(prefetched.Get(epoch, step));
            var expected = Direct(epoch, step);
            Assert.Equal(expected.Images, actual.Images);
            Assert.Equal(expected.Labels, actual.Labels);
            Assert.Equal(expected.Indices, actual.Indices);
        }
    }

    [Fact]
    public void The_last_step_of_the_last_epoch_prefetches_nothing_and_later_epochs_are_still_served()
    {
        using var prefetched = new PrefetchedTrainBatches(Source(), epochs: 1);
        var last = prefetched.StepsPerEpoch - 1;
        _ = prefetched.Get(0, last);

        Assert.Equal(Direct(1, 0).Images, Copy(prefetched.Get(1, 0)).Images);
    }

    [Fact]
    public void Filling_a_batch_within_an_epoch_allocates_nothing()
    {
        // What the prefetch thread runs: without allocations it cannot start a GC during a TorchSharp call elsewhere.
        var source = Source();
        var batch = source.CreateBuffer();
        source.Fill(0, 0, batch);
        source.Fill(0, 1, batch);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var step = 2; step < source.StepsPerEpoch; step++)
        {
            source.Fill(0, step, batch);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Out_of_range_steps_are_refused_and_a_disposed_source_serves_nothing()
    {
        var prefetched = new PrefetchedTrainBatches(Source(), epochs: 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => prefetched.Get(0, prefetched.StepsPerEpoch));

        prefetched.Dispose();
        prefetched.Dispose();

        Assert.Throws<ObjectDisposedException>(() => prefetched.Get(0, 0));
    }
}
