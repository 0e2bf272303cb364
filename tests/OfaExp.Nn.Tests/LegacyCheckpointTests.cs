using OfaExp.Nn.Import;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// The legacy torch.save format (OFA's released supernets) reads to the same tensors as the zip format, and the
/// importer computes the same logits from either: Fixtures/ofa-reference/ofa_mbv3_tiny_legacy.pth is the zip
/// fixture re-saved by tools/import-reference/make_legacy_fixture.py.
/// </summary>
public sealed class LegacyCheckpointTests : IDisposable
{
    private static readonly string LegacyPath = Path.Combine(ImportFixture.Directory, "ofa_mbv3_tiny_legacy.pth");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ofaexp-legacy-tests-" + Guid.NewGuid().ToString("N"));

    public LegacyCheckpointTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Both_formats_read_to_identical_tensors()
    {
        var zip = CheckpointReader.Read(ImportFixture.CheckpointPath);
        var legacy = CheckpointReader.Read(LegacyPath);
        Assert.Equal(zip.Keys, legacy.Keys);
        foreach (var (key, expected) in zip)
        {
            var actual = legacy[key];
            Assert.Equal(expected.dtype, actual.dtype);
            Assert.Equal(expected.shape, actual.shape);
            Assert.Equal(expected.stride(), actual.stride());
            Assert.True(TestWeights.Same(expected, actual), key);
            Assert.Equal(TorchSharp.DeviceType.CPU, actual.device_type);
        }
    }

    [Fact]
    public void Both_formats_give_identical_logits_through_the_importer()
    {
        using var fromZip = ImportFixture.NewSupernet();
        using var fromLegacy = ImportFixture.NewSupernet();
        var zipSummary = OfaCheckpointImporter.Load(ImportFixture.CheckpointPath, fromZip);
        var legacySummary = OfaCheckpointImporter.Load(LegacyPath, fromLegacy);
        Assert.Equal(zipSummary with { Path = LegacyPath }, legacySummary, new SummaryComparer());
        Assert.Equal(OfaCheckpointImporter.Describe(ImportFixture.CheckpointPath), OfaCheckpointImporter.Describe(LegacyPath), new SettingsComparer());

        using var noGrad = no_grad();
        foreach (var fixture in ImportFixture.Cases.Where(c => !c.Recalibrated))
        {
            fromZip.set_active_subnet(fixture.Subnet);
            fromLegacy.set_active_subnet(fixture.Subnet);
            fromZip.eval();
            fromLegacy.eval();
            using var x = ImportFixture.Images(ImportFixture.Batch, fixture.Resolution, 0);
            using var expected = fromZip.forward(x);
            using var actual = fromLegacy.forward(x);
            Assert.True(TestWeights.Same(expected, actual), fixture.ToString());
        }
    }

    [Fact]
    public void A_strided_view_keeps_its_size_stride_and_offset()
    {
        var path = Path.Combine(_dir, "strided.pth");
        File.WriteAllBytes(path, LegacyPickle.StridedFile(6, [0, 1, 2, 3, 4, 5]));
        var w = CheckpointReader.Read(path)["w"];
        Assert.Equal([2L, 2L], w.shape);
        Assert.Equal([1L, 2L], w.stride());
        Assert.Equal([1f, 3f, 2f, 4f], w.contiguous().data<float>().ToArray());
    }

    private sealed class SummaryComparer : IEqualityComparer<ImportSummary>
    {
        public bool Equals(ImportSummary? x, ImportSummary? y) =>
            x!.Path == y!.Path && x.Loaded == y.Loaded && x.Ignored == y.Ignored && x.Renamed == y.Renamed && x.NotInCheckpoint.SequenceEqual(y.NotInCheckpoint);

        public int GetHashCode(ImportSummary obj) => obj.Loaded;
    }

    private sealed class SettingsComparer : IEqualityComparer<CheckpointSettings>
    {
        public bool Equals(CheckpointSettings? x, CheckpointSettings? y) => x!.ToString() == y!.ToString();

        public int GetHashCode(CheckpointSettings obj) => obj.NumClasses;
    }
}
