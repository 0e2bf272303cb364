using TorchSharp;
using System.Text.Json;
using OfaExp.Core.Spec;
using OfaExp.Nn.Import;
using OfaExp.Nn.Networks;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// OFA's released ImageNet supernets (ofa_mbv3_d234_e346_k357_w1.0 and _w1.2) cannot be committed, so their layout
/// is: Fixtures/ofa-reference/*.keys.json list every state_dict key and shape of the reference OFAMobileNetV3 at those
/// settings, written by the reference code itself (tools/import-reference/list_keys.py). A checkpoint of exactly that
/// layout must import into OfaExp's supernet of the same settings with every tensor placed and none left over.
/// </summary>
public sealed class ReferenceLayoutTests
{
    [Theory]
    [InlineData("1.0", 1.0)]
    [InlineData("1.2", 1.2)]
    public void A_checkpoint_with_the_released_supernets_layout_imports_whole(string name, double width)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "ofa-reference", $"ofa_mbv3_d234_e346_k357_w{name}.keys.json");
        var layout = JsonSerializer.Deserialize<Dictionary<string, long[]>>(File.ReadAllText(path))!;
        Assert.Equal(475, layout.Count);

        var spec = new SupernetSpec("ofa_mbv3", width, 2, [2, 2, 2, 1, 2], [3, 5, 7], [3, 4, 6], [2, 3, 4], [128, 160, 192, 224], 0.1, 0.1, 1e-5);
        using var supernet = new OfaMobileNetV3(spec, DatasetInfo.Get(DatasetInfo.ImageNet), 1);
        var source = new SortedDictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (key, shape) in layout)
            {
                source[key] = key.EndsWith("num_batches_tracked", StringComparison.Ordinal) ? zeros(shape, ScalarType.Int64) : ones(shape);
            }

            var summary = OfaCheckpointImporter.LoadTensors(path, source, supernet);
            Assert.Equal(layout.Count, summary.Loaded + summary.Ignored);
            Assert.Empty(summary.NotInCheckpoint);
        }
        finally
        {
            foreach (var tensor in source.Values)
            {
                tensor.Dispose();
            }
        }

        // Every tensor OfaExp's supernet has of OFA's came from the file: all its weights are now 1.
        Assert.All(supernet.named_parameters(), p => Assert.Equal(1.0, p.parameter.min().ToDouble()));
    }
}
