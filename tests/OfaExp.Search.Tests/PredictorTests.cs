using OfaExp.Core.Seeding;

namespace OfaExp.Search.Tests;

public sealed class PredictorTests
{
    [Theory]
    [InlineData(37, 3)]
    [InlineData(400, 3)]
    [InlineData(16, 1)]
    public void Predictions_match_a_naive_double_forward(int hidden, int hiddenLayers)
    {
        var space = Fixtures.EeDpSpace;
        var predictor = Fixtures.RandomPredictor(space, 11, hidden, hiddenLayers);
        var rng = new SplitMix64(12);
        var batch = Enumerable.Range(0, 53).Select(_ => space.Sample(ref rng)).ToList();
        var output = new float[batch.Count];
        predictor.Predict(batch, output);
        for (var i = 0; i < batch.Count; i++)
        {
            var naive = Naive(predictor, batch[i]);
            Assert.True(Math.Abs(naive - output[i]) < 1e-4, $"row {i}: {output[i]} vs naive {naive}");
        }
    }

    [Fact]
    public void A_rows_prediction_does_not_depend_on_its_batch()
    {
        var space = SearchBenchmark.Space();
        var predictor = SearchBenchmark.Predictor(space, 3);
        var rng = new SplitMix64(13);
        var batch = Enumerable.Range(0, 101).Select(_ => space.Sample(ref rng)).ToList();
        var full = new float[batch.Count];
        predictor.Predict(batch, full);
        var single = predictor.WithThreads(1);
        var shuffled = batch.AsEnumerable().Reverse().Skip(3).ToList();
        var part = new float[shuffled.Count];
        single.Predict(shuffled, part);
        for (var i = 0; i < batch.Count; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(full[i]), BitConverter.SingleToInt32Bits(predictor.Predict(batch[i])));
        }

        for (var i = 0; i < shuffled.Count; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(full[batch.Count - 4 - i]), BitConverter.SingleToInt32Bits(part[i]));
        }
    }

    [Fact]
    public void Scalar_avx2_and_avx512_kernels_give_the_same_bits()
    {
        var space = Fixtures.EeDpSpace;
        foreach (var hidden in new[] { 37, 400 })
        {
            var predictor = Fixtures.RandomPredictor(space, 18, hidden).WithThreads(1);
            var rng = new SplitMix64(19);
            var batch = Enumerable.Range(0, 29).Select(_ => space.Sample(ref rng)).ToList();
            var best = new float[batch.Count];
            predictor.Predict(batch, best);
            for (var kernel = 0; kernel < 2; kernel++)
            {
                var other = new float[batch.Count];
                predictor.WithKernel(kernel).Predict(batch, other);
                Assert.Equal(best.Select(BitConverter.SingleToInt32Bits), other.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    [Fact]
    public void Skipped_slots_do_not_change_the_prediction()
    {
        var space = Fixtures.EeDpSpace;
        var predictor = Fixtures.RandomPredictor(space, 14);
        var rng = new SplitMix64(15);
        for (var i = 0; i < 50; i++)
        {
            var a = space.Sample(ref rng);
            var b = a.ToArray();
            space.NormalizeSkipped(b);
            Assert.Equal(predictor.Predict(a), predictor.Predict(b));
            Assert.Equal(space.ToConfig(a).Normalized().ToString(), space.ToConfig(space.FromConfig(space.ToConfig(a).Normalized())).ToString());
        }
    }

    [Fact]
    public void Encoding_is_ofa_one_hot_plus_the_ofav2_parts()
    {
        var tiny = new PredictorEncoding(Fixtures.TinySpace);
        Assert.Equal((4 * (2 + 2)) + 2, tiny.InputSize);
        var genes = Fixtures.TinySpace.FromConfig(OfaExp.Core.Subnets.SubnetConfig.Parse("r28-d2,1-k5,3,5,5-e6,3,3,6"));
        Assert.Equal(
            [0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1],
            tiny.Dense(genes));
        var eeDp = new PredictorEncoding(Fixtures.EeDpSpace);
        Assert.Equal((20 * 6) + 2 + 5 + (3 * 20), eeDp.InputSize);
    }

    [Fact]
    public void Bytes_round_trip_and_truncation_is_a_format_error()
    {
        var predictor = Fixtures.RandomPredictor(Fixtures.EeDpSpace, 16, 40);
        var bytes = predictor.ToBytes();
        var back = AccuracyPredictor.FromBytes(bytes);
        Assert.Equal(bytes, back.ToBytes());
        var rng = new SplitMix64(17);
        for (var i = 0; i < 20; i++)
        {
            var g = Fixtures.EeDpSpace.Sample(ref rng);
            Assert.Equal(predictor.Predict(g), back.Predict(g));
        }

        var ex = Assert.Throws<FormatException>(() => AccuracyPredictor.FromBytes(bytes[..^1]));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => AccuracyPredictor.FromBytes(bytes[..10]));
        Assert.Throws<FormatException>(() => AccuracyPredictor.FromBytes([.. bytes, 0]));
        var corrupt = bytes.ToArray();
        corrupt[0] ^= 1;
        Assert.Throws<FormatException>(() => AccuracyPredictor.FromBytes(corrupt));
    }

    private static double Naive(AccuracyPredictor predictor, byte[] genes)
    {
        var x = predictor.Encoding.Dense(genes).Select(v => (double)v).ToArray();
        for (var l = 0; l < predictor.Layers; l++)
        {
            var w = predictor.Weight(l);
            var b = predictor.Bias(l);
            var y = new double[b.Length];
            for (var o = 0; o < b.Length; o++)
            {
                var sum = (double)b[o];
                for (var i = 0; i < x.Length; i++)
                {
                    sum += w[(o * x.Length) + i] * x[i];
                }

                y[o] = l < predictor.Layers - 1 ? Math.Max(0, sum) : sum;
            }

            x = y;
        }

        return x[0] + predictor.BaseAccuracy;
    }
}
