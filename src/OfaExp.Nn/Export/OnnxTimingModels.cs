using Google.Protobuf;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;

namespace OfaExp.Nn.Export;

/// <summary>
/// The ONNX models a latency table times in ONNX Runtime: each layer shape as its own small graph (the stem with the
/// first block, one residual block, a classifier head), and a static network whole, for the end-to-end check. Every
/// part is written by <see cref="OnnxNetworkWriter"/>, node for node as the whole-network export writes it, so the
/// parts of a network are the pieces its export is made of. BN is folded into the convolutions, as a deployed model
/// is (ONNX Runtime's own optimiser would fuse a kept Conv + BatchNormalization the same way).
/// </summary>
internal static class OnnxTimingModels
{
    /// <summary>first_conv and blocks.0 of <paramref name="net"/>, from a [C, R, R] input.</summary>
    public static byte[] Stem(MobileNetV3 net, long[] input, long[] output) =>
        Model("ofaexp_stem", writer => writer.WriteStem(net, input, output));

    public static byte[] Block(ResidualBlock<MbConvLayer> block, long[] input, long[] output) =>
        Model("ofaexp_block", writer => writer.WriteBlock(block, "block", input, output));

    /// <summary>The network's own head (after the last stage) of <paramref name="net"/>.</summary>
    public static byte[] Head(MobileNetV3 net, long[] input) =>
        Model("ofaexp_head", writer => writer.WriteHead("", net.final_expand_layer, net.feature_mix_layer, net.classifier, input));

    public static byte[] Head(ExitHead head, long[] input) =>
        Model("ofaexp_exit_head", writer => writer.WriteHead("exit", head.final_expand_layer, head.feature_mix_layer, head.classifier, input));

    /// <summary>A static network as it is deployed: "input" [channels, R, R] -> "logits" of its one exit (config.Exit).</summary>
    public static byte[] Network(MobileNetV3 net, int channels) =>
        Model("ofaexp_subnet", writer => writer.Write(net, net.config.Exit, earlyExits: false, channels, net.config.Resolution, net.classifier.out_features));

    /// <summary>
    /// A graph that only passes its input through (one Identity node): what one run of a session costs besides its
    /// layers' work, the call overhead every separately timed part pays once.
    /// </summary>
    public static byte[] Passthrough(long[] dims)
    {
        var graph = new OnnxGraph("ofaexp_passthrough");
        graph.Input("input", dims);
        graph.Output("output", "input", dims);
        return graph.Model("OfaExp latency-table timing graph (call overhead).", []).ToByteArray();
    }

    private static byte[] Model(string name, Action<OnnxNetworkWriter> write)
    {
        var graph = new OnnxGraph(name);
        write(new OnnxNetworkWriter(graph, foldBn: true));
        return graph.Model($"OfaExp latency-table timing graph ({name}), BN folded.", []).ToByteArray();
    }
}
