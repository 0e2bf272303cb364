using System.Security.Cryptography;
using System.Globalization;
using System.Text.Json;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Export;
using OfaExp.Nn.Import;
using OfaExp.Nn.Networks;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// The PyTorch export against the reference code: subnets of the imported reference supernet (Fixtures/ofa-reference)
/// were exported by OfaExp and loaded by the reference's static MobileNetV3 (tools/export-reference/check_pytorch_export.py);
/// Fixtures/export-reference/expected.json keeps each file's SHA-256 and the reference's logits (the files, model
/// weights, stay out of git). The exporter must still write those files byte for byte (same digest), and OfaExp's
/// logits must equal the reference's within 1e-5.
/// Regenerating (after a deliberate format change): OFAEXP_WRITE_EXPORT_FIXTURE=DIR makes the first test write the
/// files to DIR instead of comparing; then run the script on DIR and commit expected.json.
/// </summary>
public class PyTorchExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "Fixtures", "export-reference");

    /// <summary>The exported subnets: file name and subnet (max, min and one mixed subnet of the reference fixture's space).</summary>
    public static IReadOnlyList<(string File, SubnetConfig Subnet)> Cases { get; } =
    [
        ("max_r40.pt", new SubnetConfig(Enumerable.Repeat(7, 20), Enumerable.Repeat(6, 20), Enumerable.Repeat(4, 5), 40)),
        ("min_r32.pt", new SubnetConfig(Enumerable.Repeat(3, 20), Enumerable.Repeat(3, 20), Enumerable.Repeat(2, 5), 32)),
        ("mixed_r32.pt", new SubnetConfig(
            [3, 5, 7, 3, 7, 5, 3, 5, 5, 7, 3, 3, 7, 7, 5, 3, 3, 5, 7, 5],
            [6, 3, 4, 4, 3, 6, 6, 3, 4, 4, 6, 3, 3, 6, 4, 4, 6, 6, 3, 4],
            [2, 4, 3, 2, 3],
            32)),
    ];

    [Fact]
    public void The_exporter_writes_the_fixture_files_byte_for_byte()
    {
        using var supernet = ReferenceSupernet();
        var regenerate = Environment.GetEnvironmentVariable("OFAEXP_WRITE_EXPORT_FIXTURE");
        foreach (var (file, subnet) in Cases)
        {
            var bytes = PyTorchExport.Write(supernet, subnet);
            if (!string.IsNullOrEmpty(regenerate))
            {
                Directory.CreateDirectory(regenerate);
                File.WriteAllBytes(Path.Combine(regenerate, file), bytes);
                continue;
            }

            Assert.True(Convert.ToHexStringLower(SHA256.HashData(bytes)) == ExpectedCase(file).GetProperty("sha256").GetString(), $"{file} ({subnet}) differs from the file the reference loaded");
        }
    }

    [Fact]
    public void OfaExp_computes_the_logits_the_reference_network_computes_from_the_export()
    {
        using var supernet = ReferenceSupernet();
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected.json")));
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(Cases.Select(c => c.File), cases.Select(c => c.GetProperty("file").GetString()));
        using var noGrad = no_grad();
        foreach (var (file, subnet) in Cases)
        {
            var expectedCase = cases.Single(c => c.GetProperty("file").GetString() == file);
            Assert.Equal(subnet.ToString(), expectedCase.GetProperty("subnet").GetString());
            var rows = expectedCase.GetProperty("logits").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
            supernet.set_active_subnet(subnet);
            using var net = supernet.get_active_subnet();
            using var x = ImportFixture.Images(rows.Length, subnet.Resolution, 0);
            using var logits = net.forward(x).to(ScalarType.Float64);
            using var expected = tensor(rows.SelectMany(r => r).ToArray()).view(rows.Length, -1);
            var diff = (logits - expected).abs().max().item<double>();
            var message = string.Create(CultureInfo.InvariantCulture, $"{file} {subnet}: max abs diff {diff:E3}, max |logit| {expected.abs().max().item<double>():F3}");
            output.WriteLine(message);
            Assert.True(diff <= Tolerance, message);
        }
    }

    [Fact]
    public void An_ofav2_supernet_is_refused_with_a_pointer_to_onnx()
    {
        using var net = new OfaMobileNetV3(Presets.TinyElastic with { Exits = Core.Spec.SupernetExits.Early }, Core.Spec.DatasetInfo.Get("fashion-mnist"), 1);
        var e = Assert.Throws<Core.Errors.OfaExpException>(() => PyTorchExport.Write(net, net.space.Max));
        Assert.Contains("EE_B", e.Message, StringComparison.Ordinal);
        Assert.Contains("--format onnx", e.Message, StringComparison.Ordinal);
    }

    private static OfaMobileNetV3 ReferenceSupernet()
    {
        var net = ImportFixture.NewSupernet();
        OfaCheckpointImporter.Load(ImportFixture.CheckpointPath, net);
        net.eval();
        return net;
    }

    private static JsonElement ExpectedCase(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, "expected.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("file").GetString() == file).Clone();
    }
}
