using OfaExp.Core.Costs;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;
using TorchSharp.Modules;
using static OfaExp.Nn.Export.OnnxGraph;
using static TorchSharp.torch;

namespace OfaExp.Nn.Export;

/// <summary>
/// Writes a static <see cref="MobileNetV3"/> as ONNX nodes, layer by layer in the order its forward runs them, so the
/// graph computes what OfaExp computes: the same branch sums (<see cref="StageForward.Block"/>), the same dense-skip
/// rule (<see cref="StageForward.Run"/>) and the same exit heads. Initializers are named after the network's
/// state-dict keys, so a reader of the graph can tell which layer a tensor belongs to. Depthwise kernels are written
/// whole: OfaExp's trimming of taps that only meet padding (<see cref="ConvLayer.UnusedBorder"/>) saves work
/// without changing the result.
/// </summary>
internal sealed class OnnxNetworkWriter(OnnxGraph graph, bool foldBn)
{
    /// <summary>
    /// The graph of <paramref name="net"/> up to exit <paramref name="exit"/>. <paramref name="earlyExits"/>: every
    /// exit 1..exit is an output ("exit1", ...), and with all exits also their weighted ensemble ("ensemble", what
    /// OfaExp's all-exit network returns); otherwise the one output "logits". With early exits, <paramref name="net"/>
    /// must hold the heads of exits 1..exit (built with all exits).
    /// </summary>
    public void Write(MobileNetV3 net, int exit, bool earlyExits, int channels, int resolution, int classes)
    {
        graph.Input("input", channels, resolution, resolution);
        var config = net.config;
        var y = Conv("input", "first_conv", net.first_conv);
        y = Residual(y, "blocks.0", net.blocks[0]);
        var exits = new List<string>();
        var block = 1;
        var position = 0;
        for (var stage = 0; stage < exit; stage++)
        {
            var slots = Enumerable.Range(0, config.Depths[stage]).Select(i => (stage * config.BlocksPerStage) + i).ToList();
            var outputs = new List<string>();
            var current = y;
            for (var d = 1; d <= slots.Count; d++)
            {
                var yd = Position(net, current, slots[d - 1], position++, ref block);
                outputs.Add(yd);
                current = yd;

                // OFAv2's dense skips (StageForward.Run): after block d >= 3 the next input is y_d + y_1 + ... + y_{d-2}.
                for (var j = 0; net.dense_skips && d >= 3 && j < d - 2; j++)
                {
                    current = graph.Node("Add", [current, outputs[j]]);
                }
            }

            y = current;
            if (earlyExits && stage + 1 < exit)
            {
                exits.Add(Head(y, $"exits.{stage}", net.exits![stage]));
            }
        }

        exits.Add(exit == config.Exit
            ? Head(y, "", net.final_expand_layer, net.feature_mix_layer, net.classifier)
            : Head(y, $"exits.{exit - 1}", net.exits![exit - 1]));
        if (!earlyExits)
        {
            graph.Output("logits", exits[0], classes);
            return;
        }

        for (var i = 0; i < exits.Count; i++)
        {
            graph.Output($"exit{i + 1}", exits[i], classes);
        }

        if (exits.Count == ExitWeights.Values.Count)
        {
            // ExitWeights.Ensemble's order: z_1 v_1, then + z_i v_i.
            string? sum = null;
            for (var i = 0; i < exits.Count; i++)
            {
                var weight = graph.Initializer($"exit_weights.{i}", [(float)ExitWeights.Values[i]], []);
                var weighted = graph.Node("Mul", [exits[i], weight]);
                sum = sum is null ? weighted : graph.Node("Add", [sum, weighted]);
            }

            graph.Output("ensemble", sum!, classes);
        }
    }

    /// <summary>The stem alone, as <see cref="MobileNetV3"/>'s forward starts: "input" -> first_conv -> blocks.0 -> "output".</summary>
    /// <param name="input">The input's axes after the batch axis, [C, R, R].</param>
    /// <param name="output">The output's axes after the batch axis.</param>
    public void WriteStem(MobileNetV3 net, long[] input, long[] output)
    {
        graph.Input("input", input);
        var y = Conv("input", "first_conv", net.first_conv);
        graph.Output("output", Residual(y, "blocks.0", net.blocks[0]), output);
    }

    /// <summary>One residual MBConv block alone (its shortcut addition included): "input" -> block -> "output".</summary>
    public void WriteBlock(ResidualBlock<MbConvLayer> block, string name, long[] input, long[] output)
    {
        graph.Input("input", input);
        graph.Output("output", Residual("input", name, block), output);
    }

    /// <summary>A classifier head alone (<see cref="ClassifierHead.Forward"/>): "input" features -> "logits".</summary>
    /// <param name="name">The head's state-dict prefix ("" for the network's own head, "exits.0" for an exit head).</param>
    public void WriteHead(string name, ConvLayer finalExpand, ConvLayer featureMix, LinearLayer classifier, long[] input)
    {
        graph.Input("input", input);
        graph.Output("logits", Head("input", name, finalExpand, featureMix, classifier), classifier.out_features);
    }

    /// <summary>One block position: its MBConv (with residual) alone, or the sum of its active branches in StageForward.Block's order.</summary>
    private string Position(MobileNetV3 net, string x, int slot, int position, ref int block)
    {
        var mbConv = (net.config.Branches[slot] & 1) != 0 ? block++ : -1;
        var branches = net.parallel_branches?[position];
        var parts = new List<string>();
        if (mbConv >= 0)
        {
            parts.Add(Residual(x, $"blocks.{mbConv}", net.blocks[mbConv]));
        }

        if (branches?.conv1x1 is { } conv1x1)
        {
            parts.Add(Conv(x, $"parallel_branches.{position}.conv1x1", conv1x1));
        }

        if (branches?.transformation is { } transformation)
        {
            parts.Add(Transformation(x, $"parallel_branches.{position}.transformation", transformation));
        }

        var sum = parts[0];
        for (var i = 1; i < parts.Count; i++)
        {
            sum = graph.Node("Add", [sum, parts[i]]);
        }

        return sum;
    }

    private string Residual(string x, string name, ResidualBlock<MbConvLayer> block)
    {
        var layer = block.conv;
        var y = x;
        if (layer.inverted_bottleneck is { } expand)
        {
            y = Conv(y, $"{name}.conv.inverted_bottleneck", expand);
        }

        y = Conv(y, $"{name}.conv.depth_conv", layer.depth_conv);
        y = Conv(y, $"{name}.conv.point_linear", layer.point_linear);
        return block.has_shortcut ? graph.Node("Add", [y, x]) : y;
    }

    private string Head(string x, string name, ExitHead head) =>
        Head(x, name, head.final_expand_layer, head.feature_mix_layer, head.classifier);

    /// <summary>ClassifierHead.Forward: final_expand_layer, global average pool, feature_mix_layer, flatten, linear (dropout is off in eval mode).</summary>
    private string Head(string x, string name, ConvLayer finalExpand, ConvLayer featureMix, LinearLayer classifier)
    {
        var prefix = name.Length == 0 ? "" : name + ".";
        var y = Conv(x, prefix + "final_expand_layer", finalExpand);
        y = graph.Node("GlobalAveragePool", [y]);
        y = Conv(y, prefix + "feature_mix_layer", featureMix);
        y = graph.Node("Flatten", [y], Int("axis", 1));
        var linear = classifier.linear;
        return graph.Node(
            "Gemm",
            [y, graph.Initializer(prefix + "classifier.linear.weight", linear.weight!), graph.Initializer(prefix + "classifier.linear.bias", linear.bias!)],
            Int("transB", 1));
    }

    /// <summary>OFA's ConvLayer: convolution, BN, activation, then squeeze-excite.</summary>
    private string Conv(string x, string name, ConvLayer layer)
    {
        var y = Convolution(x, $"{name}.conv", layer.conv, layer.bn, $"{name}.bn", layer.stride);
        y = Activation(y, layer.act_func);
        return layer.se is { } se ? Se(y, $"{name}.se", se) : y;
    }

    private string Se(string x, string name, SeModule se)
    {
        var y = graph.Node("GlobalAveragePool", [x]);
        y = Convolution(y, $"{name}.fc.reduce", se.reduce, null, null, 1);
        y = graph.Node("Relu", [y]);
        y = Convolution(y, $"{name}.fc.expand", se.expand, null, null, 1);

        // torch's hardsigmoid is relu6(x + 3) / 6 = clip(x / 6 + 1/2, 0, 1).
        y = graph.Node("HardSigmoid", [y], Float("alpha", 1f / 6), Float("beta", 0.5f));
        return graph.Node("Mul", [x, y]);
    }

    private string Transformation(string x, string name, TransformationLayer layer)
    {
        var y = x;
        if (layer.stride > 1)
        {
            y = graph.Node("MaxPool", [y], Ints("kernel_shape", layer.stride, layer.stride), Ints("strides", layer.stride, layer.stride), Int("ceil_mode", 1));
        }

        if (layer.conv is { } conv)
        {
            y = Convolution(y, $"{name}.conv", conv, layer.bn, $"{name}.bn", 1);
        }
        else
        {
            y = Normalization(y, $"{name}.bn", layer.bn);
        }

        return Activation(y, layer.act_func);
    }

    /// <summary>A same-padded convolution, then <paramref name="bn"/> as its own node or folded into the weights.</summary>
    /// <param name="convName">The convolution's state-dict prefix (its tensors are convName.weight and convName.bias).</param>
    private string Convolution(string x, string convName, Conv2d conv, BatchNorm2d? bn, string? bnName, long stride)
    {
        var weight = conv.weight!;
        var k = weight.shape[2];
        var attributes = new[]
        {
            Ints("kernel_shape", k, k),
            Ints("strides", stride, stride),
            Ints("pads", k / 2, k / 2, k / 2, k / 2),
            Int("group", conv.groups),
        };
        if (bn is null || !foldBn)
        {
            var inputs = new List<string> { x, graph.Initializer($"{convName}.weight", weight) };
            if (conv.bias is { } bias)
            {
                inputs.Add(graph.Initializer($"{convName}.bias", bias));
            }

            var y = graph.Node("Conv", inputs, attributes);
            return bn is null ? y : Normalization(y, bnName!, bn);
        }

        // Folding in float64: w' = w * s, b' = beta + (b - mean) * s with s = gamma / sqrt(var + eps) per output channel.
        using var scope = NewDisposeScope();
        var scale = BnScale(bn);
        var folded = weight.to(ScalarType.Float64) * scale.view(-1, 1, 1, 1);
        var shift = conv.bias is { } b ? b.to(ScalarType.Float64) : zeros_like(scale);
        var foldedBias = bn.bias!.to(ScalarType.Float64) + ((shift - bn.running_mean!.to(ScalarType.Float64)) * scale);
        return graph.Node("Conv", [x, graph.Initializer($"{convName}.weight", folded), graph.Initializer($"{convName}.bias", foldedBias)], attributes);
    }

    /// <summary>Inference BN: a BatchNormalization node, or folded (no convolution to fold into) a per-channel Mul and Add.</summary>
    private string Normalization(string x, string name, BatchNorm2d bn)
    {
        if (!foldBn)
        {
            return graph.Node(
                "BatchNormalization",
                [
                    x,
                    graph.Initializer($"{name}.weight", bn.weight!),
                    graph.Initializer($"{name}.bias", bn.bias!),
                    graph.Initializer($"{name}.running_mean", bn.running_mean!),
                    graph.Initializer($"{name}.running_var", bn.running_var!),
                ],
                Float("epsilon", (float)bn.eps));
        }

        using var scope = NewDisposeScope();
        var scale = BnScale(bn);
        var shift = bn.bias!.to(ScalarType.Float64) - (bn.running_mean!.to(ScalarType.Float64) * scale);
        var y = graph.Node("Mul", [x, graph.Initializer($"{name}.scale", scale.view(-1, 1, 1))]);
        return graph.Node("Add", [y, graph.Initializer($"{name}.shift", shift.view(-1, 1, 1))]);
    }

    private static Tensor BnScale(BatchNorm2d bn) =>
        bn.weight!.to(ScalarType.Float64) / (bn.running_var!.to(ScalarType.Float64) + bn.eps).sqrt();

    private string Activation(string x, ActivationKind kind) => kind switch
    {
        ActivationKind.None => x,
        ActivationKind.Relu => graph.Node("Relu", [x]),
        ActivationKind.HSwish => graph.Node("HardSwish", [x]),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
