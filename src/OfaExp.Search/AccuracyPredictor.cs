using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace OfaExp.Search;

/// <summary>
/// OFA's accuracy predictor: an MLP over <see cref="PredictorEncoding"/> (OFA: three hidden layers of 400 ReLU units),
/// a linear output, plus a constant base accuracy. Weights are float32 in PyTorch <c>nn.Linear</c> layout (weight
/// [out, in] row-major, bias [out]) so they copy straight out of a TorchSharp model.
/// Evolution asks for ~50k predictions per search, so inference is the hot spot and is built for it: the input is
/// one-hot, so layer 1 is its bias plus a sum of gathered weight rows (W1 is kept transposed); the hidden-to-hidden
/// layers run a register-blocked FMA kernel over a batch (6 rows x 16 outputs per block, weights packed in 16-wide
/// panels). Every output element is one FMA chain over its inputs in a fixed order, whatever the row's position or
/// the batch size, so a row's prediction is bit-identical in any batch and a cache of predictions stays exact.
/// Immutable and thread-safe.
/// </summary>
public sealed class AccuracyPredictor
{
    private const ulong Magic = 0x31445250_5841464FUL; // "OFAXPRD1" little-endian
    private const int Version = 1;
    private const int Panel = 16;
    private const int RowBlock = 6;
    private const int MinRowsPerThread = 16;

    private readonly float[][] _weights;
    private readonly float[][] _biases;
    private readonly float[] _w1T;      // [in][outPadded]
    private readonly float[][] _packed; // per dense layer l >= 1: [panel][in][16]
    private readonly float[][] _paddedBias;
    private readonly int[] _width;      // out width per layer
    private readonly int[] _padded;     // out width rounded up to the panel
    private readonly int _stride;       // activation row stride: the widest padded hidden layer
    private readonly int _kernel;       // 0 scalar, 1 AVX2+FMA, 2 AVX-512: every one computes the same FMA chains, so the same bits

    /// <param name="weights">Per layer, [out, in] row-major; the last layer has one output.</param>
    /// <param name="biases">Per layer, [out].</param>
    /// <exception cref="ArgumentException">Shapes do not chain from the encoding's input to one output, or a value is not finite.</exception>
    public AccuracyPredictor(PredictorEncoding encoding, IReadOnlyList<float[]> weights, IReadOnlyList<float[]> biases, float baseAccuracy)
    {
        ArgumentNullException.ThrowIfNull(encoding);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        if (weights.Count < 2 || weights.Count != biases.Count)
        {
            throw new ArgumentException($"A predictor needs at least two layers and one bias per weight; got {weights.Count} weights and {biases.Count} biases.", nameof(weights));
        }

        if (!float.IsFinite(baseAccuracy))
        {
            throw new ArgumentException("The base accuracy must be finite.", nameof(baseAccuracy));
        }

        Encoding = encoding;
        BaseAccuracy = baseAccuracy;
        var layers = weights.Count;
        _weights = new float[layers][];
        _biases = new float[layers][];
        _width = new int[layers];
        _padded = new int[layers];
        var input = encoding.InputSize;
        for (var l = 0; l < layers; l++)
        {
            var b = biases[l] ?? throw new ArgumentException($"Bias {l} is null.", nameof(biases));
            var w = weights[l] ?? throw new ArgumentException($"Weight {l} is null.", nameof(weights));
            if (b.Length == 0 || w.Length != b.Length * input)
            {
                throw new ArgumentException(
                    $"Layer {l} has {w.Length} weights and {b.Length} biases; with {input} inputs it needs [{b.Length}, {input}] weights.", nameof(weights));
            }

            if (w.Any(v => !float.IsFinite(v)) || b.Any(v => !float.IsFinite(v)))
            {
                throw new ArgumentException($"Layer {l} holds a non-finite weight or bias.", nameof(weights));
            }

            _weights[l] = [.. w];
            _biases[l] = [.. b];
            _width[l] = b.Length;
            _padded[l] = (b.Length + Panel - 1) / Panel * Panel;
            input = b.Length;
        }

        if (_width[^1] != 1)
        {
            throw new ArgumentException($"The last layer must have one output; it has {_width[^1]}.", nameof(weights));
        }

        _stride = _padded.Take(layers - 1).Max();
        _paddedBias = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            _paddedBias[l] = new float[_padded[l]];
            _biases[l].CopyTo(_paddedBias[l], 0);
        }

        // Layer 1 transposed: a one-hot input selects rows, which are contiguous and vector-addable.
        _w1T = new float[encoding.InputSize * _padded[0]];
        for (var o = 0; o < _width[0]; o++)
        {
            for (var i = 0; i < encoding.InputSize; i++)
            {
                _w1T[(i * _padded[0]) + o] = _weights[0][(o * encoding.InputSize) + i];
            }
        }

        // Dense layers packed as 16-output panels: the kernel streams one panel from L1 over every row block.
        _packed = new float[layers][];
        for (var l = 1; l < layers - 1; l++)
        {
            var inW = _width[l - 1];
            var packed = new float[_padded[l] * inW];
            for (var o = 0; o < _width[l]; o++)
            {
                var p = o / Panel;
                for (var i = 0; i < inW; i++)
                {
                    packed[(p * inW * Panel) + (i * Panel) + (o % Panel)] = _weights[l][(o * inW) + i];
                }
            }

            _packed[l] = packed;
        }

        var last = new float[_stride];
        _weights[^1].CopyTo(last, 0);
        _packed[^1] = last;
        Threads = 1;
        _kernel = Avx512F.IsSupported ? 2 : Fma.IsSupported && Avx2.IsSupported ? 1 : 0;
    }

    private AccuracyPredictor(AccuracyPredictor other, int threads, int kernel)
    {
        Encoding = other.Encoding;
        BaseAccuracy = other.BaseAccuracy;
        (_weights, _biases, _w1T, _packed, _paddedBias, _width, _padded, _stride) =
            (other._weights, other._biases, other._w1T, other._packed, other._paddedBias, other._width, other._padded, other._stride);
        Threads = threads;
        _kernel = kernel;
    }

    public PredictorEncoding Encoding { get; }

    public float BaseAccuracy { get; }

    /// <summary>Units of the first hidden layer (OFA: 400).</summary>
    public int HiddenSize => _width[0];

    public int Layers => _weights.Length;

    /// <summary>
    /// Threads a large batch is split over (rows are independent, so the split never changes a result). Default 1:
    /// on the shared 2-core box this was measured on, a second thread never paid for a search's ~40-row batches
    /// (63 vs 50-55 GMAC/s); <see cref="WithThreads"/> opts in where cores are idle.
    /// </summary>
    public int Threads { get; }

    /// <summary>Layer <paramref name="layer"/>'s weight, [out, in] row-major (a copy).</summary>
    public float[] Weight(int layer) => [.. _weights[layer]];

    public float[] Bias(int layer) => [.. _biases[layer]];

    /// <summary>The same predictor (weights shared) splitting batches over at most <paramref name="threads"/> threads.</summary>
    public AccuracyPredictor WithThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        return new AccuracyPredictor(this, threads, _kernel);
    }

    /// <summary>The same predictor on a narrower instruction set (0 scalar, 1 AVX2, 2 AVX-512), for tests that compare the paths.</summary>
    internal AccuracyPredictor WithKernel(int kernel) => new(this, Threads, Math.Min(kernel, _kernel));

    public float Predict(ReadOnlySpan<byte> genes)
    {
        Encoding.Space.Validate(genes);
        Span<float> output = stackalloc float[1];
        PredictUnchecked(genes, 1, output);
        return output[0];
    }

    public void Predict(IReadOnlyList<byte[]> candidates, Span<float> output)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var g = Encoding.Space.GeneCount;
        var flat = new byte[candidates.Count * g];
        for (var i = 0; i < candidates.Count; i++)
        {
            Encoding.Space.Validate(candidates[i]);
            candidates[i].CopyTo(flat, i * g);
        }

        Predict(flat, output);
    }

    /// <summary>Predicts <c>genes.Length / GeneCount</c> candidates stored back to back.</summary>
    public void Predict(ReadOnlySpan<byte> genes, Span<float> output)
    {
        var g = Encoding.Space.GeneCount;
        if (genes.Length % g != 0 || output.Length < genes.Length / g)
        {
            throw new ArgumentException($"Expected a multiple of {g} genes and an output per candidate; got {genes.Length} genes and {output.Length} outputs.", nameof(genes));
        }

        var n = genes.Length / g;
        for (var i = 0; i < n; i++)
        {
            Encoding.Space.Validate(genes.Slice(i * g, g));
        }

        PredictUnchecked(genes, n, output);
    }

    /// <summary>Little-endian binary: magic, version, the space as JSON, base accuracy, then per layer out, in, weight, bias.</summary>
    public byte[] ToBytes()
    {
        var space = SpaceJson.ToBytes(Encoding.Space);
        var size = 8 + 4 + 4 + space.Length + 4 + 4 + _weights.Sum(w => 8 + (4 * w.Length)) + _biases.Sum(b => 4 * b.Length);
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(span[12..], space.Length);
        space.CopyTo(span[16..]);
        var at = 16 + space.Length;
        BinaryPrimitives.WriteSingleLittleEndian(span[at..], BaseAccuracy);
        BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], Layers);
        at += 8;
        for (var l = 0; l < Layers; l++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(span[at..], _width[l]);
            BinaryPrimitives.WriteInt32LittleEndian(span[(at + 4)..], _weights[l].Length / _width[l]);
            at += 8;
            foreach (var v in _weights[l].Concat(_biases[l]))
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[at..], v);
                at += 4;
            }
        }

        return bytes;
    }

    /// <exception cref="FormatException">The bytes are not a predictor written by <see cref="ToBytes"/>, or are truncated.</exception>
    public static AccuracyPredictor FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var span = (ReadOnlySpan<byte>)bytes;
        var at = 0;
        if (span.Length < 16 || BinaryPrimitives.ReadUInt64LittleEndian(span) != Magic)
        {
            throw new FormatException("Not an OfaExp accuracy predictor: the magic 'OFAXPRD1' is missing.");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(span[8..]);
        if (version != Version)
        {
            throw new FormatException($"Accuracy predictor version {version} is not supported (expected {Version}).");
        }

        var spaceLength = BinaryPrimitives.ReadInt32LittleEndian(span[12..]);
        at = 16;
        Need(span, at, spaceLength, "the space description");
        CandidateSpace space;
        try
        {
            space = SpaceJson.FromBytes(span.Slice(at, spaceLength));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"The accuracy predictor's space description is invalid: {e.Message}", e);
        }

        at += spaceLength;
        Need(span, at, 8, "the base accuracy and layer count");
        var baseAccuracy = BinaryPrimitives.ReadSingleLittleEndian(span[at..]);
        var layers = BinaryPrimitives.ReadInt32LittleEndian(span[(at + 4)..]);
        at += 8;
        if (layers < 2 || layers > 64)
        {
            throw new FormatException($"The accuracy predictor declares {layers} layers; expected 2..64.");
        }

        var weights = new float[layers][];
        var biases = new float[layers][];
        for (var l = 0; l < layers; l++)
        {
            Need(span, at, 8, $"layer {l}'s sizes");
            var outs = BinaryPrimitives.ReadInt32LittleEndian(span[at..]);
            var ins = BinaryPrimitives.ReadInt32LittleEndian(span[(at + 4)..]);
            at += 8;
            if (outs < 1 || ins < 1 || (long)outs * ins > 1 << 26)
            {
                throw new FormatException($"Layer {l} declares [{outs}, {ins}] weights; sizes must be positive and at most 2^26 values.");
            }

            Need(span, at, 4L * ((outs * ins) + outs), $"layer {l}'s weights");
            weights[l] = Floats(span, ref at, outs * ins);
            biases[l] = Floats(span, ref at, outs);
        }

        if (at != span.Length)
        {
            throw new FormatException($"The accuracy predictor has {span.Length - at} bytes after its last layer.");
        }

        try
        {
            return new AccuracyPredictor(new PredictorEncoding(space), weights, biases, baseAccuracy);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"The accuracy predictor's layers are inconsistent: {e.Message}", e);
        }
    }

    internal void PredictUnchecked(ReadOnlySpan<byte> genes, int n, Span<float> output)
    {
        if (n == 0)
        {
            return;
        }

        var g = Encoding.Space.GeneCount;
        var threads = Math.Min(Threads, n / MinRowsPerThread);
        if (threads <= 1)
        {
            var scratch = ArrayPool<float>.Shared.Rent(2 * PaddedRows(n) * _stride);
            var features = ArrayPool<int>.Shared.Rent(Encoding.MaxActiveFeatures);
            try
            {
                Rows(genes, n, output, scratch, features);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(features);
                ArrayPool<float>.Shared.Return(scratch);
            }

            return;
        }

        // Parallel.For cannot capture spans; the chunks work on arrays and copy back.
        var geneArray = genes[..(n * g)].ToArray();
        var result = new float[n];
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            // Chunk borders on register-block multiples, so splitting adds no padding rows.
            var blocks = PaddedRows(n) / PaddedRows(1);
            var start = Math.Min(n, (int)((long)blocks * t / threads) * PaddedRows(1));
            var end = Math.Min(n, (int)((long)blocks * (t + 1) / threads) * PaddedRows(1));
            var rows = end - start;
            var scratch = ArrayPool<float>.Shared.Rent(2 * PaddedRows(rows) * _stride);
            var features = ArrayPool<int>.Shared.Rent(Encoding.MaxActiveFeatures);
            try
            {
                Rows(geneArray.AsSpan(start * g, rows * g), rows, result.AsSpan(start, rows), scratch, features);
            }
            finally
            {
                ArrayPool<int>.Shared.Return(features);
                ArrayPool<float>.Shared.Return(scratch);
            }
        });
        result.CopyTo(output);
    }

    private int PaddedRows(int n) => _kernel == 2 ? (n + 7) / 8 * 8 : _kernel == 1 ? (n + RowBlock - 1) / RowBlock * RowBlock : n;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Rows(ReadOnlySpan<byte> genes, int n, Span<float> output, float[] scratch, int[] features)
    {
        var g = Encoding.Space.GeneCount;
        var p0 = _padded[0];
        var m = PaddedRows(n);
        fixed (float* buffers = scratch)
        fixed (float* w1T = _w1T)
        fixed (float* b1 = _paddedBias[0])
        {
            var a = buffers;
            var b = buffers + (m * _stride);
            for (var r = 0; r < n; r++)
            {
                var count = Encoding.ActiveFeatures(genes.Slice(r * g, g), features);
                FirstLayer(a + (r * _stride), b1, w1T, p0, features, count, _kernel);
            }

            // Padding rows (zeros, results dropped) keep every real row in a full register block: a lone row's
            // two FMA chains would wait on latency at a quarter of the block's throughput.
            new Span<float>(a + (n * _stride), (m - n) * _stride).Clear();
            var real = n;
            n = m;

            for (var l = 1; l < Layers - 1; l++)
            {
                fixed (float* w = _packed[l])
                fixed (float* bias = _paddedBias[l])
                {
                    Dense(a, b, n, _width[l - 1], _padded[l], w, bias);
                }

                var t = a;
                a = b;
                b = t;
            }

            fixed (float* w = _packed[^1])
            {
                var bias = _biases[^1][0];
                for (var r = 0; r < real; r++)
                {
                    output[r] = Dot(a + (r * _stride), w, _width[^2], _kernel > 0) + bias + BaseAccuracy;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FirstLayer(float* row, float* bias, float* w1T, int width, int[] features, int count, int kernel)
    {
        if (kernel == 2)
        {
            for (var o = 0; o < width; o += 16)
            {
                var acc = Vector512.Load(bias + o);
                for (var f = 0; f < count; f++)
                {
                    acc += Vector512.Load(w1T + (features[f] * width) + o);
                }

                Avx512F.Max(acc, Vector512<float>.Zero).Store(row + o);
            }

            return;
        }

        if (kernel == 1)
        {
            for (var o = 0; o < width; o += 8)
            {
                var acc = Avx.LoadVector256(bias + o);
                for (var f = 0; f < count; f++)
                {
                    acc = Avx.Add(acc, Avx.LoadVector256(w1T + (features[f] * width) + o));
                }

                Avx.Store(row + o, Avx.Max(acc, Vector256<float>.Zero));
            }

            return;
        }

        for (var o = 0; o < width; o++)
        {
            var acc = bias[o];
            for (var f = 0; f < count; f++)
            {
                acc += w1T[(features[f] * width) + o];
            }

            row[o] = MathF.Max(acc, 0f);
        }
    }

    /// <summary>output = relu(bias + input x W^T) over <paramref name="n"/> rows; 6 x 16 register blocks, one FMA chain per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private unsafe void Dense(float* input, float* output, int n, int inWidth, int outPadded, float* w, float* bias)
    {
        var stride = _stride;
        var panels = outPadded / Panel;
        if (_kernel == 0)
        {
            ScalarDense(input, output, n, inWidth, panels, stride, w, bias);
            return;
        }

        if (_kernel == 2)
        {
            Dense512(input, output, n, inWidth, panels, stride, w, bias);
            return;
        }

        var zero = Vector256<float>.Zero;
        for (var p = 0; p < panels; p++)
        {
            var wp = w + (p * inWidth * Panel);
            var bias0 = Avx.LoadVector256(bias + (p * Panel));
            var bias1 = Avx.LoadVector256(bias + (p * Panel) + 8);
            var r = 0;
            for (; r + RowBlock <= n; r += RowBlock)
            {
                var x0 = input + (r * stride);
                var x1 = x0 + stride;
                var x2 = x1 + stride;
                var x3 = x2 + stride;
                var x4 = x3 + stride;
                var x5 = x4 + stride;
                Vector256<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
                Vector256<float> c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
                var wi = wp;
                for (var i = 0; i < inWidth; i++, wi += Panel)
                {
                    var w0 = Avx.LoadVector256(wi);
                    var w1 = Avx.LoadVector256(wi + 8);
                    var v = Avx.BroadcastScalarToVector256(x0 + i);
                    c00 = Fma.MultiplyAdd(v, w0, c00);
                    c01 = Fma.MultiplyAdd(v, w1, c01);
                    v = Avx.BroadcastScalarToVector256(x1 + i);
                    c10 = Fma.MultiplyAdd(v, w0, c10);
                    c11 = Fma.MultiplyAdd(v, w1, c11);
                    v = Avx.BroadcastScalarToVector256(x2 + i);
                    c20 = Fma.MultiplyAdd(v, w0, c20);
                    c21 = Fma.MultiplyAdd(v, w1, c21);
                    v = Avx.BroadcastScalarToVector256(x3 + i);
                    c30 = Fma.MultiplyAdd(v, w0, c30);
                    c31 = Fma.MultiplyAdd(v, w1, c31);
                    v = Avx.BroadcastScalarToVector256(x4 + i);
                    c40 = Fma.MultiplyAdd(v, w0, c40);
                    c41 = Fma.MultiplyAdd(v, w1, c41);
                    v = Avx.BroadcastScalarToVector256(x5 + i);
                    c50 = Fma.MultiplyAdd(v, w0, c50);
                    c51 = Fma.MultiplyAdd(v, w1, c51);
                }

                var o = output + (r * stride) + (p * Panel);
                Avx.Store(o, Avx.Max(c00, zero));
                Avx.Store(o + 8, Avx.Max(c01, zero));
                o += stride;
                Avx.Store(o, Avx.Max(c10, zero));
                Avx.Store(o + 8, Avx.Max(c11, zero));
                o += stride;
                Avx.Store(o, Avx.Max(c20, zero));
                Avx.Store(o + 8, Avx.Max(c21, zero));
                o += stride;
                Avx.Store(o, Avx.Max(c30, zero));
                Avx.Store(o + 8, Avx.Max(c31, zero));
                o += stride;
                Avx.Store(o, Avx.Max(c40, zero));
                Avx.Store(o + 8, Avx.Max(c41, zero));
                o += stride;
                Avx.Store(o, Avx.Max(c50, zero));
                Avx.Store(o + 8, Avx.Max(c51, zero));
            }

            // Leftover rows: the same FMA chain per element, one row at a time.
            for (; r < n; r++)
            {
                var x = input + (r * stride);
                Vector256<float> c0 = bias0, c1 = bias1;
                var wi = wp;
                for (var i = 0; i < inWidth; i++, wi += Panel)
                {
                    var v = Avx.BroadcastScalarToVector256(x + i);
                    c0 = Fma.MultiplyAdd(v, Avx.LoadVector256(wi), c0);
                    c1 = Fma.MultiplyAdd(v, Avx.LoadVector256(wi + 8), c1);
                }

                var o = output + (r * stride) + (p * Panel);
                Avx.Store(o, Avx.Max(c0, zero));
                Avx.Store(o + 8, Avx.Max(c1, zero));
            }
        }
    }

    /// <summary>
    /// The AVX-512 form of <see cref="Dense"/>: two 16-wide panels (one zmm each) x 8 rows = 16 accumulators, the
    /// same FMA chain per element as the AVX2 and scalar forms, so the same bits, at twice the width.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Dense512(float* input, float* output, int n, int inWidth, int panels, int stride, float* w, float* bias)
    {
        var zero = Vector512<float>.Zero;
        var p = 0;
        for (; p + 2 <= panels; p += 2)
        {
            var wa = w + (p * inWidth * Panel);
            var wb = wa + (inWidth * Panel);
            var ba = Vector512.Load(bias + (p * Panel));
            var bb = Vector512.Load(bias + (p * Panel) + Panel);
            var r = 0;
            for (; r + 8 <= n; r += 8)
            {
                var x0 = input + (r * stride);
                var x1 = x0 + stride;
                var x2 = x1 + stride;
                var x3 = x2 + stride;
                var x4 = x3 + stride;
                var x5 = x4 + stride;
                var x6 = x5 + stride;
                var x7 = x6 + stride;
                Vector512<float> c0a = ba, c0b = bb, c1a = ba, c1b = bb, c2a = ba, c2b = bb, c3a = ba, c3b = bb;
                Vector512<float> c4a = ba, c4b = bb, c5a = ba, c5b = bb, c6a = ba, c6b = bb, c7a = ba, c7b = bb;
                for (var i = 0; i < inWidth; i++)
                {
                    var u = Vector512.Load(wa + (i * Panel));
                    var v = Vector512.Load(wb + (i * Panel));
                    var s = Vector512.Create(x0[i]);
                    c0a = Avx512F.FusedMultiplyAdd(s, u, c0a);
                    c0b = Avx512F.FusedMultiplyAdd(s, v, c0b);
                    s = Vector512.Create(x1[i]);
                    c1a = Avx512F.FusedMultiplyAdd(s, u, c1a);
                    c1b = Avx512F.FusedMultiplyAdd(s, v, c1b);
                    s = Vector512.Create(x2[i]);
                    c2a = Avx512F.FusedMultiplyAdd(s, u, c2a);
                    c2b = Avx512F.FusedMultiplyAdd(s, v, c2b);
                    s = Vector512.Create(x3[i]);
                    c3a = Avx512F.FusedMultiplyAdd(s, u, c3a);
                    c3b = Avx512F.FusedMultiplyAdd(s, v, c3b);
                    s = Vector512.Create(x4[i]);
                    c4a = Avx512F.FusedMultiplyAdd(s, u, c4a);
                    c4b = Avx512F.FusedMultiplyAdd(s, v, c4b);
                    s = Vector512.Create(x5[i]);
                    c5a = Avx512F.FusedMultiplyAdd(s, u, c5a);
                    c5b = Avx512F.FusedMultiplyAdd(s, v, c5b);
                    s = Vector512.Create(x6[i]);
                    c6a = Avx512F.FusedMultiplyAdd(s, u, c6a);
                    c6b = Avx512F.FusedMultiplyAdd(s, v, c6b);
                    s = Vector512.Create(x7[i]);
                    c7a = Avx512F.FusedMultiplyAdd(s, u, c7a);
                    c7b = Avx512F.FusedMultiplyAdd(s, v, c7b);
                }

                var o = output + (r * stride) + (p * Panel);
                Store2(o, c0a, c0b, zero);
                Store2(o += stride, c1a, c1b, zero);
                Store2(o += stride, c2a, c2b, zero);
                Store2(o += stride, c3a, c3b, zero);
                Store2(o += stride, c4a, c4b, zero);
                Store2(o += stride, c5a, c5b, zero);
                Store2(o += stride, c6a, c6b, zero);
                Store2(o + stride, c7a, c7b, zero);
            }

            for (; r < n; r++)
            {
                var x = input + (r * stride);
                Vector512<float> ca = ba, cb = bb;
                for (var i = 0; i < inWidth; i++)
                {
                    var s = Vector512.Create(x[i]);
                    ca = Avx512F.FusedMultiplyAdd(s, Vector512.Load(wa + (i * Panel)), ca);
                    cb = Avx512F.FusedMultiplyAdd(s, Vector512.Load(wb + (i * Panel)), cb);
                }

                Store2(output + (r * stride) + (p * Panel), ca, cb, zero);
            }
        }

        // An odd last panel: one zmm per row.
        for (; p < panels; p++)
        {
            var wa = w + (p * inWidth * Panel);
            var ba = Vector512.Load(bias + (p * Panel));
            for (var r = 0; r < n; r++)
            {
                var x = input + (r * stride);
                var ca = ba;
                for (var i = 0; i < inWidth; i++)
                {
                    ca = Avx512F.FusedMultiplyAdd(Vector512.Create(x[i]), Vector512.Load(wa + (i * Panel)), ca);
                }

                Avx512F.Max(ca, zero).Store(output + (r * stride) + (p * Panel));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store2(float* o, Vector512<float> a, Vector512<float> b, Vector512<float> zero)
    {
        Avx512F.Max(a, zero).Store(o);
        Avx512F.Max(b, zero).Store(o + Panel);
    }

    private static unsafe void ScalarDense(float* input, float* output, int n, int inWidth, int panels, int stride, float* w, float* bias)
    {
        for (var p = 0; p < panels; p++)
        {
            var wp = w + (p * inWidth * Panel);
            for (var r = 0; r < n; r++)
            {
                var x = input + (r * stride);
                for (var j = 0; j < Panel; j++)
                {
                    var acc = bias[(p * Panel) + j];
                    for (var i = 0; i < inWidth; i++)
                    {
                        acc = MathF.FusedMultiplyAdd(x[i], wp[(i * Panel) + j], acc);
                    }

                    output[(r * stride) + (p * Panel) + j] = MathF.Max(acc, 0f);
                }
            }
        }
    }

    // Eight partial sums in lanes, then a fixed left-to-right reduction: same bits for a row wherever it sits.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe float Dot(float* x, float* w, int width, bool vector)
    {
        Span<float> lanes = stackalloc float[8];
        var padded = (width + 7) & ~7;
        if (vector)
        {
            var acc = Vector256<float>.Zero;
            for (var i = 0; i < padded; i += 8)
            {
                acc = Fma.MultiplyAdd(Avx.LoadVector256(x + i), Avx.LoadVector256(w + i), acc);
            }

            acc.CopyTo(lanes);
        }
        else
        {
            lanes.Clear();
            for (var i = 0; i < padded; i++)
            {
                lanes[i & 7] = MathF.FusedMultiplyAdd(x[i], w[i], lanes[i & 7]);
            }
        }

        var sum = 0f;
        foreach (var v in lanes)
        {
            sum += v;
        }

        return sum;
    }

    private static void Need(ReadOnlySpan<byte> span, int at, long count, string what)
    {
        if (count < 0 || at + count > span.Length)
        {
            throw new FormatException($"The accuracy predictor is truncated: {what} needs {count} bytes at offset {at}, but only {Math.Max(0, span.Length - at)} remain.");
        }
    }

    private static float[] Floats(ReadOnlySpan<byte> span, ref int at, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(span[(at + (4 * i))..]);
        }

        at += 4 * count;
        return values;
    }
}
