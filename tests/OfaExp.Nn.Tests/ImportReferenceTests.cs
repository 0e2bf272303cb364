using System.Globalization;
using OfaExp.Nn.Import;
using OfaExp.Nn.Subnets;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// OfaExp's supernet with the reference checkpoint imported computes the reference's logits (within 1e-5) for every
/// fixture subnet, in eval mode and after BN recalibration on the fixture's calibration images.
/// </summary>
public class ImportReferenceTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> CaseNames { get; } = [.. ImportFixture.Cases.Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Imported_supernet_computes_the_reference_logits(string caseName)
    {
        var fixture = ImportFixture.Cases.Single(c => c.ToString() == caseName);
        using var net = ImportFixture.NewSupernet();
        OfaCheckpointImporter.Load(ImportFixture.CheckpointPath, net);
        net.set_active_subnet(fixture.Subnet);
        using var noGrad = no_grad();
        if (fixture.Recalibrated)
        {
            var batches = ImportFixture.Calibration.Select(c => ImportFixture.Images(c.Size, fixture.Resolution, c.Phase)).ToArray();
            BnRecalibration.Run(net, batches);
            foreach (var b in batches)
            {
                b.Dispose();
            }
        }

        net.eval();
        using var x = ImportFixture.Images(ImportFixture.Batch, fixture.Resolution, 0);
        using var logits = net.forward(x);
        using var expected = tensor(fixture.Logits.SelectMany(r => r).ToArray()).view(fixture.Logits.Length, -1);
        var diff = (logits - expected).abs().max().item<float>();
        var scale = expected.abs().max().item<float>();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{fixture}: max abs diff {diff:E3} (max |logit| {scale:F3})"));
        Assert.True(diff <= Tolerance, string.Create(CultureInfo.InvariantCulture, $"{fixture}: max abs diff {diff:E3} > {Tolerance:E0} (max |logit| {scale:F3})"));
    }

    [Fact]
    public void Load_copies_every_ofa_tensor_and_ignores_only_num_batches_tracked()
    {
        using var net = ImportFixture.NewSupernet();
        var summary = OfaCheckpointImporter.Load(ImportFixture.CheckpointPath, net);
        var bnCount = net.state_dict().Keys.Count(k => k.EndsWith("num_batches_tracked", StringComparison.Ordinal));
        Assert.Equal(net.state_dict().Count - bnCount, summary.Loaded);
        Assert.Equal(bnCount, summary.Ignored);
        Assert.Equal(0, summary.Renamed);
        Assert.Empty(summary.NotInCheckpoint);
    }

    [Fact]
    public void Describe_infers_the_reference_settings_and_they_validate_against_the_spec()
    {
        var settings = OfaCheckpointImporter.Describe(ImportFixture.CheckpointPath);
        output.WriteLine(settings.ToString());
        Assert.Equal(0.1, settings.WidthMult);
        Assert.Equal([3, 5, 7], settings.KernelSizes);
        Assert.Equal(6, settings.MaxExpandRatio);
        Assert.Equal(4, settings.MaxDepth);
        Assert.Equal(10, settings.NumClasses);
        Assert.Equal(3, settings.InputChannels);
        OfaCheckpointImporter.Validate(settings, ImportFixture.Spec, ImportFixture.Data, ImportFixture.CheckpointPath);
    }
}
