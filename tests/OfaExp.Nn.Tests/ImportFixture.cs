using System.Text.Json;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// The committed reference fixture (Fixtures/ofa-reference, written by tools/import-reference/make_fixture.py): a
/// checkpoint of a small reference OFAMobileNetV3 and the logits the reference computed for several subnets.
/// </summary>
internal static class ImportFixture
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ofa-reference");

    public static string CheckpointPath { get; } = Path.Combine(Directory, "ofa_mbv3_tiny.pth");

    /// <summary>The reference network's settings (expected.json "network") as an OfaExp spec; dropout off.</summary>
    public static SupernetSpec Spec { get; } = new("ofa_mbv3", 0.1, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [32, 40], 0, 0.1, 1e-5);

    /// <summary>3 input channels and 10 classes, as the reference network.</summary>
    public static DatasetInfo Data { get; } = DatasetInfo.Get("cifar-10");

    private static readonly Lazy<JsonDocument> Document = new(() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "expected.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IReadOnlyList<Case> Cases { get; } = [.. Root.GetProperty("cases").EnumerateArray().Select(Case.From)];

    /// <summary>(phase, size) of the BN recalibration batches.</summary>
    public static IReadOnlyList<(int Phase, int Size)> Calibration { get; } =
        [.. Root.GetProperty("calibration").EnumerateArray().Select(c => (c.GetProperty("phase").GetInt32(), c.GetProperty("size").GetInt32()))];

    public static int Batch => Root.GetProperty("batch").GetInt32();

    public static OfaMobileNetV3 NewSupernet() => new(Spec, Data, 1);

    /// <summary>
    /// make_fixture.py's inputs: x.flatten()[i] = (lowbias32((phase &lt;&lt; 24) | (size &lt;&lt; 16) | i) &gt;&gt; 8) / 2^23 - 1,
    /// exact in float32, so both sides see bit-identical images.
    /// </summary>
    public static Tensor Images(int n, int size, int phase)
    {
        var count = n * 3 * size * size;
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((Hash((uint)((phase << 24) | (size << 16) | i)) >> 8) / 8388608.0 - 1.0);
        }

        return tensor(values).view(n, 3, size, size);
    }

    private static uint Hash(uint x)
    {
        unchecked
        {
            x ^= x >> 16;
            x *= 0x7FEB352D;
            x ^= x >> 15;
            x *= 0x846CA68B;
            x ^= x >> 16;
            return x;
        }
    }

    /// <summary>One expected.json case: a subnet at a resolution, evaluated with the checkpoint's or recalibrated BN statistics.</summary>
    /// <param name="Logits">The reference's float32 logits.</param>
    /// <param name="Logits64">The reference's logits on a float64 copy of the network (same weights, same inputs).</param>
    public sealed record Case(string Name, int[] Ks, int[] E, int[] D, int Resolution, bool Recalibrated, double[][] Logits, double[][] Logits64)
    {
        public SubnetConfig Subnet => new(Ks, E, D, Resolution);

        public override string ToString() => $"{Name}@{Resolution}{(Recalibrated ? "+recal" : string.Empty)}";

        public static Case From(JsonElement e) => new(
            e.GetProperty("name").GetString()!,
            Ints(e.GetProperty("ks")),
            Ints(e.GetProperty("e")),
            Ints(e.GetProperty("d")),
            e.GetProperty("resolution").GetInt32(),
            e.GetProperty("recalibrated").GetBoolean(),
            Matrix(e.GetProperty("logits")),
            Matrix(e.GetProperty("logits64")));

        private static double[][] Matrix(JsonElement e) => [.. e.EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

        private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];
    }
}
