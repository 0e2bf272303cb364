using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using OfaExp.Core.Costs;
using OfaExp.Core.Subnets;

namespace OfaExp.Search;

/// <summary>
/// An additive efficiency model (analytic FLOPs or measured per-layer latency; <see cref="Unit"/> says which): per
/// resolution index r, <c>Base[r]</c> (stem and first block), <c>Block[r][slot][k][e]</c> (the MBConv branch of a slot
/// at kernel index k and expand index e), <c>Conv1x1[r][slot]</c> and <c>Transform[r][slot]</c> (OFAv2's two extra
/// parallel branches, counted only when the slot's branch mask has bit 1 / bit 2; bit 0 is the MBConv) and
/// <c>Head[r][x]</c> (the exit head at exit index x, final layers included). The cost of a candidate is Base plus the
/// branches of its active slots plus its head. Per-layer additivity is what OFA's latency lookup tables assume too.
/// The tables are copied into flat arrays so that <see cref="Cost(ReadOnlySpan{byte})"/> allocates nothing.
/// </summary>
public sealed class CostTable
{
    private const string Format = "ofaexp-cost-table/v1";

    private readonly double[] _base;
    private readonly double[] _block;
    private readonly double[] _conv1x1;
    private readonly double[] _transform;
    private readonly double[] _head;
    private readonly int _k;
    private readonly int _e;
    private readonly int _slots;

    /// <exception cref="ArgumentException">A table does not match the space's shape, or holds a non-finite value.</exception>
    public CostTable(CandidateSpace space, string unit, double[] @base, double[][][][] block, double[][] conv1x1, double[][] transform, double[][] head)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentException.ThrowIfNullOrWhiteSpace(unit);
        Space = space;
        Unit = unit;
        var r = space.Resolutions.Count;
        _slots = space.Slots;
        _k = space.Kernels.Count;
        _e = space.Expands.Count;
        _base = Flat(@base, r, "Base");
        _block = Flat(Check(block, r, "Block").SelectMany(x => Check(x, _slots, "Block[r]")).SelectMany(x => Check(x, _k, "Block[r][slot]"))
            .SelectMany(x => Check(x, _e, "Block[r][slot][k]")).ToArray(), r * _slots * _k * _e, "Block");
        _conv1x1 = Flat(Check(conv1x1, r, "Conv1x1").SelectMany(x => Check(x, _slots, "Conv1x1[r]")).ToArray(), r * _slots, "Conv1x1");
        _transform = Flat(Check(transform, r, "Transform").SelectMany(x => Check(x, _slots, "Transform[r]")).ToArray(), r * _slots, "Transform");
        _head = Flat(Check(head, r, "Head").SelectMany(x => Check(x, space.Exits.Count, "Head[r]")).ToArray(), r * space.Exits.Count, "Head");
        (MinCost, MaxCost) = (Extreme(false), Extreme(true));
    }

    public CandidateSpace Space { get; }

    /// <summary>What a cost is measured in, e.g. "MFLOPs" or "ms".</summary>
    public string Unit { get; }

    public IReadOnlyList<int> Resolutions => Space.Resolutions;

    /// <summary>The cheapest candidate's cost (exact: minimised per component).</summary>
    public double MinCost { get; }

    /// <summary>The most expensive candidate's cost (exact: maximised per component).</summary>
    public double MaxCost { get; }

    /// <summary><see cref="MinCost"/> to <see cref="MaxCost"/>, which search targets must fall in.</summary>
    public CostRange Range => new(MinCost, MaxCost, Unit);

    /// <summary>The range of the candidates at <paramref name="resolutions"/> (a search restricted to them); null or empty = <see cref="Range"/>.</summary>
    /// <exception cref="ArgumentException">A resolution is not one of the space's.</exception>
    public CostRange RangeOver(IReadOnlyList<int>? resolutions)
    {
        var indices = Space.ResolutionIndices(resolutions);
        return indices.Length == 0
            ? Range
            : new(Extreme(false, indices.Select(i => (int)i)), Extreme(true, indices.Select(i => (int)i)), Unit);
    }

    public double Base(int r) => _base[r];

    public double Block(int r, int slot, int kernelIndex, int expandIndex) => _block[(((r * _slots) + slot) * _k + kernelIndex) * _e + expandIndex];

    public double Conv1x1(int r, int slot) => _conv1x1[(r * _slots) + slot];

    public double Transform(int r, int slot) => _transform[(r * _slots) + slot];

    public double Head(int r, int exitIndex) => _head[(r * Space.Exits.Count) + exitIndex];

    /// <summary>The candidate's cost; skipped slots add nothing. Sums in a fixed order, so equal inputs give equal bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Cost(ReadOnlySpan<byte> genes)
    {
        var space = Space;
        if (genes.Length != space.GeneCount)
        {
            throw new ArgumentException($"A candidate of this space has {space.GeneCount} genes; got {genes.Length}.", nameof(genes));
        }

        var r = genes[space.ResolutionGene];
        var x = genes[space.ExitGene];
        var exit = space.ExitValues[x];
        var depths = space.DepthValues;
        var masks = space.MaskValues;
        var bpS = space.BlocksPerStage;
        var depthGene = 2 * _slots;
        var maskGene = space.MaskGene(0);
        var sum = _base[r];
        for (var s = 0; s < exit; s++)
        {
            var depth = depths[genes[depthGene + s]];
            for (var b = 0; b < depth; b++)
            {
                var slot = (s * bpS) + b;
                sum += SlotCost(r, slot, genes[slot], genes[_slots + slot], masks[genes[maskGene + slot]]);
            }
        }

        return sum + Head(r, x);
    }

    public double Cost(SubnetConfig config) => Cost(Space.FromConfig(config));

    /// <summary>Deterministic UTF-8 JSON; doubles in round-trip form, so <see cref="FromBytes"/> restores every bit.</summary>
    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("unit", Unit);
            w.WritePropertyName("space");
            SpaceJson.Write(w, Space);
            var r = Space.Resolutions.Count;
            Doubles(w, "base", _base, 0, r);
            w.WriteStartArray("block");
            for (var i = 0; i < r; i++)
            {
                w.WriteStartArray();
                for (var s = 0; s < _slots; s++)
                {
                    w.WriteStartArray();
                    for (var k = 0; k < _k; k++)
                    {
                        Doubles(w, null, _block, (((i * _slots) + s) * _k + k) * _e, _e);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndArray();
            }

            w.WriteEndArray();
            foreach (var (name, table, width) in new[] { ("conv1x1", _conv1x1, _slots), ("transform", _transform, _slots), ("head", _head, Space.Exits.Count) })
            {
                w.WriteStartArray(name);
                for (var i = 0; i < r; i++)
                {
                    Doubles(w, null, table, i * width, width);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    /// <exception cref="FormatException">The bytes are not a cost table written by <see cref="ToBytes"/>.</exception>
    public static CostTable FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var format = root.GetProperty("format").GetString();
            if (format != Format)
            {
                throw new FormatException($"Not a cost table: format '{format}', expected '{Format}'.");
            }

            var space = SpaceJson.Read(root.GetProperty("space"));
            return new CostTable(
                space,
                root.GetProperty("unit").GetString() ?? throw new FormatException("The cost table's unit is null."),
                Vector(root.GetProperty("base")),
                [.. root.GetProperty("block").EnumerateArray().Select(r => r.EnumerateArray().Select(s => s.EnumerateArray().Select(Vector).ToArray()).ToArray())],
                Matrix(root.GetProperty("conv1x1")),
                Matrix(root.GetProperty("transform")),
                Matrix(root.GetProperty("head")));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"Not a valid cost table ({Format}): {e.Message}", e);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal double SlotCost(int r, int slot, int kernelIndex, int expandIndex, int mask)
    {
        var i = (r * _slots) + slot;
        var c = (mask & 1) != 0 ? _block[((i * _k) + kernelIndex) * _e + expandIndex] : 0.0;
        if ((mask & 2) != 0)
        {
            c += _conv1x1[i];
        }

        if ((mask & 4) != 0)
        {
            c += _transform[i];
        }

        return c;
    }

    // Components are independent given (resolution, exit, depths): extremise per slot, then per stage prefix over the
    // depth choices, then per exit, then over resolutions. Exact, unlike sampling.
    private double Extreme(bool max) => Extreme(max, Enumerable.Range(0, Space.Resolutions.Count));

    private double Extreme(bool max, IEnumerable<int> resolutionIndices)
    {
        var space = Space;
        var best = max ? double.NegativeInfinity : double.PositiveInfinity;
        foreach (var r in resolutionIndices)
        {
            var stage = new double[space.Stages];
            for (var s = 0; s < space.Stages; s++)
            {
                var prefix = 0.0;
                var stageBest = max ? double.NegativeInfinity : double.PositiveInfinity;
                var d = 0;
                for (var b = 0; b < space.BlocksPerStage; b++)
                {
                    var slot = (s * space.BlocksPerStage) + b;
                    var slotBest = max ? double.NegativeInfinity : double.PositiveInfinity;
                    for (var k = 0; k < _k; k++)
                    {
                        for (var e = 0; e < _e; e++)
                        {
                            foreach (var m in space.Masks)
                            {
                                var c = SlotCost(r, slot, k, e, m);
                                slotBest = max ? Math.Max(slotBest, c) : Math.Min(slotBest, c);
                            }
                        }
                    }

                    prefix += slotBest;
                    if (d < space.Depths.Count && space.Depths[d] == b + 1)
                    {
                        stageBest = max ? Math.Max(stageBest, prefix) : Math.Min(stageBest, prefix);
                        d++;
                    }
                }

                stage[s] = stageBest;
            }

            for (var x = 0; x < space.Exits.Count; x++)
            {
                var c = _base[r] + Head(r, x);
                for (var s = 0; s < space.Exits[x]; s++)
                {
                    c += stage[s];
                }

                best = max ? Math.Max(best, c) : Math.Min(best, c);
            }
        }

        return best;
    }

    private static T[] Check<T>(T[]? values, int count, string what)
    {
        if (values is null || values.Length != count)
        {
            throw new ArgumentException($"{what} needs {count} entries; got {values?.Length.ToString(CultureInfo.InvariantCulture) ?? "null"}.", what);
        }

        return values;
    }

    private static double[] Flat(double[] values, int count, string what)
    {
        Check(values, count, what);
        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"{what} holds a non-finite cost.", what);
        }

        return [.. values];
    }

    private static void Doubles(Utf8JsonWriter w, string? name, double[] values, int start, int count)
    {
        if (name is null)
        {
            w.WriteStartArray();
        }
        else
        {
            w.WriteStartArray(name);
        }

        for (var i = start; i < start + count; i++)
        {
            w.WriteRawValue(values[i].ToString("R", CultureInfo.InvariantCulture), skipInputValidation: true);
        }

        w.WriteEndArray();
    }

    private static double[] Vector(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetDouble())];

    private static double[][] Matrix(JsonElement e) => [.. e.EnumerateArray().Select(Vector)];
}
