using OfaExp.Core.Errors;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using static TorchSharp.torch;

namespace OfaExp.Nn.Export;

/// <summary>
/// A static subnet as a torch.save'd dict for users of the reference code: "config" (what
/// <c>MobileNetV3.build_from_config</c> takes), "state_dict" (float32, under the key names of the reference's static
/// MobileNetV3, which OfaExp's static network shares), "subnet" (the architecture string) and "resolution". Loading
/// it there is <c>ckpt = torch.load(path); net = MobileNetV3.build_from_config(ckpt["config"]);
/// net.load_state_dict(ckpt["state_dict"])</c>. Only OFA's own space fits that network; OFAv2's exits, dense skips
/// and parallel branches have no counterpart in it.
/// </summary>
public static class PyTorchExport
{
    /// <param name="supernet">In eval mode, with the trained weights; its active subnet is changed.</param>
    /// <exception cref="OfaExpException">The supernet is an OFAv2 variant (exit 2, pointing to ONNX).</exception>
    public static byte[] Write(OfaMobileNetV3 supernet, SubnetConfig subnet)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        ArgumentNullException.ThrowIfNull(subnet);
        var spec = supernet.spec;
        if (spec.HasEarlyExits || spec.HasDenseSkips || spec.HasParallelBlocks)
        {
            throw new OfaExpException(
                $"--format pytorch writes the reference's static MobileNetV3, which has no early exits, dense skips or parallel branches; "
                + $"the {spec.Variant} supernet's subnets need them. Export it with --format onnx.");
        }

        supernet.set_active_subnet(subnet);
        using var net = supernet.get_active_subnet();
        using var scope = NewDisposeScope();
        var state = net.state_dict()
            .Select(p => new KeyValuePair<string, object?>(p.Key, p.Value.is_floating_point() ? p.Value.to(ScalarType.Float32) : p.Value))
            .ToList();
        return TorchArchive.Write(new PickleDict(
        [
            new("config", ReferenceConfig.Of(net, spec)),
            new("state_dict", new PickleDict(state, Ordered: true)),
            new("subnet", subnet.ToString()),
            new("resolution", subnet.Resolution),
        ]));
    }
}
