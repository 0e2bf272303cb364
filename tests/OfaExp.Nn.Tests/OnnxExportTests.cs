using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Export;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace OfaExp.Nn.Tests;

/// <summary>
/// Exported ONNX models run in ONNX Runtime compute what OfaExp's supernet computes for the same subnet: max, min and
/// three random subnets at both trained resolutions, with BN kept and folded, for OFA's single-exit space and for an
/// early-exit dense-parallel OFAv2 supernet (every exit an output, and the ensemble when all five are active).
/// </summary>
public class OnnxExportTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-4;
    private static readonly DatasetInfo Fashion = DatasetInfo.Get("fashion-mnist");

    public static TheoryData<SupernetExits, SupernetBlocks, bool> Cases() => new()
    {
        { SupernetExits.Single, SupernetBlocks.Base, false },
        { SupernetExits.Single, SupernetBlocks.Base, true },
        { SupernetExits.Early, SupernetBlocks.DenseParallel, false },
        { SupernetExits.Early, SupernetBlocks.DenseParallel, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Onnx_runtime_computes_the_supernets_logits(SupernetExits exits, SupernetBlocks blocks, bool foldBn)
    {
        var spec = Presets.TinyElastic with { Exits = exits, Blocks = blocks, Dropout = 0.1 };
        using var net = new OfaMobileNetV3(spec, Fashion, 1);
        TestWeights.Randomize(net, 5);
        using var noGrad = no_grad();

        // Random weights let the summed branches and dense skips of a DP net grow logits to ~1e3, where float32's own
        // rounding (~1e-6 relative per layer, in OfaExp and ONNX Runtime alike) exceeds 1e-4. The max subnet's BN
        // statistics from data (variances kept >= 0.1, so near-dead channels do not amplify rounding) keep every exit's
        // logits O(1), as in a trained network, where 1e-4 tells an error from rounding.
        using (var warmup = randn([16, 1, 28, 28], generator: new Generator(7)))
        {
            BnRecalibration.Run(net, [warmup]);
        }

        foreach (var (name, tensor) in net.state_dict())
        {
            if (name.EndsWith("running_var", StringComparison.Ordinal))
            {
                tensor.clamp_(min: 0.1);
            }
        }

        net.eval();
        var space = net.space;
        var subnets = new[] { space.Max, space.Min }.Concat(Enumerable.Range(0, 3).Select(i => space.Sample((ulong)i + 40)));
        foreach (var subnet in subnets)
        {
            foreach (var resolution in spec.Resolutions)
            {
                var config = subnet.WithResolution(resolution);
                var model = OnnxExport.Write(net, config, foldBn);
                using var x = randn([3, 1, resolution, resolution], generator: new Generator((ulong)resolution));
                net.set_active_subnet(config);
                var expected = net.forward_exits(x);
                var names = spec.HasEarlyExits ? Enumerable.Range(1, expected.Length).Select(i => $"exit{i}").ToList() : ["logits"];
                if (spec.HasEarlyExits && config.Exit == config.Stages)
                {
                    expected = [.. expected, ExitWeights.Ensemble(expected)];
                    names.Add("ensemble");
                }

                var actual = Run(model, x);
                Assert.Equal(names.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
                for (var i = 0; i < names.Count; i++)
                {
                    using var onnx = tensor(actual[names[i]]).view(expected[i].shape);
                    var diff = TestWeights.MaxDiff(expected[i], onnx);
                    var message = string.Create(CultureInfo.InvariantCulture, $"{spec.Variant} fold={foldBn} {config} {names[i]}: max abs diff {diff:E2}, max |logit| {expected[i].abs().max().item<float>():F3}");
                    output.WriteLine(message);
                    Assert.True(diff <= Tolerance, message);
                }

                foreach (var e in expected)
                {
                    e.Dispose();
                }
            }
        }
    }

    [Fact]
    public void The_model_has_opset_17_a_dynamic_batch_axis_and_no_batch_norm_when_folded()
    {
        using var net = new OfaMobileNetV3(Presets.TinyElastic, Fashion, 1);
        net.eval();
        using var noGrad = no_grad();
        var config = net.space.Max;
        var kept = Onnx.ModelProto.Parser.ParseFrom(OnnxExport.Write(net, config, foldBn: false));
        var folded = Onnx.ModelProto.Parser.ParseFrom(OnnxExport.Write(net, config, foldBn: true));
        Assert.Equal(17, Assert.Single(kept.OpsetImport).Version);
        Assert.Equal("batch", kept.Graph.Input[0].Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(config.Resolution, kept.Graph.Input[0].Type.TensorType.Shape.Dim[2].DimValue);
        Assert.Contains(kept.Graph.Node, n => n.OpType == "BatchNormalization");
        Assert.Equal(config.ToString(), kept.MetadataProps.Single(p => p.Key == "ofaexp.subnet").Value);
        Assert.DoesNotContain(folded.Graph.Node, n => n.OpType == "BatchNormalization");
        Assert.Equal(OnnxExport.Write(net, config, foldBn: true), OnnxExport.Write(net, config, foldBn: true));
    }

    private static Dictionary<string, float[]> Run(byte[] model, TorchSharp.torch.Tensor x)
    {
        using var session = new InferenceSession(model);
        var input = new DenseTensor<float>(x.data<float>().ToArray(), [.. x.shape.Select(d => (int)d)]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        return results.ToDictionary(r => r.Name, r => r.AsTensor<float>().ToArray());
    }
}
