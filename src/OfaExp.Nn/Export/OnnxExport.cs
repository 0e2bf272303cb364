using Google.Protobuf;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;

namespace OfaExp.Nn.Export;

/// <summary>
/// A static subnet as an ONNX model (opset 17): input "input" of shape [batch, channels, R, R] with a dynamic batch
/// axis and R the subnet's resolution; output "logits", or for early-exit supernets one output per exit the subnet
/// has ("exit1" .. "exitX", X its exit) plus "ensemble" (OFAv2's weighted sum) when X is the last stage. BN is kept
/// as BatchNormalization nodes in inference form or, with foldBn, folded into the preceding convolutions.
/// Weights are written in float32 whatever dtype the run trained in. The model's metadata_props name the subnet,
/// its resolution, the supernet variant and whether BN is folded ("ofaexp.subnet", ...).
/// </summary>
public static class OnnxExport
{
    /// <param name="supernet">In eval mode, with the trained weights; its active subnet is changed.</param>
    public static byte[] Write(OfaMobileNetV3 supernet, SubnetConfig subnet, bool foldBn)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(subnet);
        var earlyExits = supernet.spec.HasEarlyExits;

        // The static network holds exit heads only with the last exit active, so a subnet that leaves earlier is
        // extracted with its blocks continued to the last stage (normalised values, in the space) and the graph
        // stops at its exit: the stages and heads it writes are exactly the subnet's.
        supernet.set_active_subnet(earlyExits ? subnet.Normalized().WithExit(subnet.Stages) : subnet);
        using var net = supernet.get_active_subnet(allExits: earlyExits);
        var graph = new OnnxGraph("ofaexp_subnet");
        new OnnxNetworkWriter(graph, foldBn).Write(
            net, subnet.Exit, earlyExits, supernet.first_conv.in_channels, subnet.Resolution, net.classifier.out_features);
        var doc = $"OfaExp static subnet {subnet} of a {supernet.spec.Variant} supernet" + (foldBn ? ", BN folded into the convolutions." : ".");
        var metadata = new Dictionary<string, string>
        {
            ["ofaexp.subnet"] = subnet.ToString(),
            ["ofaexp.resolution"] = subnet.Resolution.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ofaexp.variant"] = supernet.spec.Variant,
            ["ofaexp.bn"] = foldBn ? "folded" : "kept",
        };
        return graph.Model(doc, metadata).ToByteArray();
    }
}
