using OfaExp.Core.Costs;
using OfaExp.Core.Spec;
using OfaExp.Nn.Layers;
using OfaExp.Nn.Networks;

namespace OfaExp.Nn.Export;

/// <summary>
/// The dictionary that the reference code's <c>MobileNetV3.build_from_config</c>
/// (ofa/imagenet_classification/networks/mobilenet_v3.py) builds a static subnet from, with the keys and key order
/// of the reference layers' <c>config</c> properties (ConvLayer, MBConvLayer, ResidualBlock, IdentityLayer,
/// LinearLayer in ofa/utils/layers.py). Middle widths are given explicitly, as the reference's
/// get_active_subnet does, so the reference network gets exactly OfaExp's shapes.
/// </summary>
internal static class ReferenceConfig
{
    public static PickleDict Of(MobileNetV3 net, SupernetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(spec);
        return Dict(
            ("name", "MobileNetV3"),
            ("bn", Dict(("momentum", spec.BnMomentum), ("eps", spec.BnEps), ("ws_eps", null))),
            ("first_conv", Conv(net.first_conv)),
            ("blocks", net.blocks.Select(Residual).ToList()),
            ("final_expand_layer", Conv(net.final_expand_layer)),
            ("feature_mix_layer", Conv(net.feature_mix_layer)),
            ("classifier", Linear(net.classifier)));
    }

    private static object? Residual(ResidualBlock<MbConvLayer> block)
    {
        var c = block.conv;
        var conv = Dict(
            ("name", "MBConvLayer"),
            ("in_channels", c.in_channels),
            ("out_channels", c.out_channels),
            ("kernel_size", c.kernel_size),
            ("stride", c.stride),
            ("expand_ratio", c.expand_ratio),
            ("mid_channels", c.mid_channels),
            ("act_func", Activation(c.act_func)),
            ("use_se", c.use_se),
            ("groups", null));
        var shortcut = block.has_shortcut
            ? Dict(
                ("name", "IdentityLayer"),
                ("in_channels", c.in_channels),
                ("out_channels", c.out_channels),
                ("use_bn", false),
                ("act_func", null),
                ("dropout_rate", 0),
                ("ops_order", "weight_bn_act"))
            : null;
        return Dict(("name", "ResidualBlock"), ("conv", conv), ("shortcut", shortcut));
    }

    private static PickleDict Conv(ConvLayer layer) => Dict(
        ("name", "ConvLayer"),
        ("kernel_size", layer.kernel_size),
        ("stride", layer.stride),
        ("dilation", 1),
        ("groups", 1),
        ("bias", false),
        ("has_shuffle", false),
        ("use_se", layer.se is not null),
        ("in_channels", layer.in_channels),
        ("out_channels", layer.out_channels),
        ("use_bn", layer.bn is not null),
        ("act_func", Activation(layer.act_func)),
        ("dropout_rate", 0),
        ("ops_order", "weight_bn_act"));

    private static PickleDict Linear(LinearLayer layer) => Dict(
        ("name", "LinearLayer"),
        ("in_features", layer.in_features),
        ("out_features", layer.out_features),
        ("bias", true),
        ("use_bn", false),
        ("act_func", null),
        ("dropout_rate", layer.dropout_rate),
        ("ops_order", "weight_bn_act"));

    /// <summary>The reference's build_activation names.</summary>
    private static string? Activation(ActivationKind kind) => kind switch
    {
        ActivationKind.None => null,
        ActivationKind.Relu => "relu",
        ActivationKind.HSwish => "h_swish",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static PickleDict Dict(params (string Key, object? Value)[] items) =>
        new([.. items.Select(i => new KeyValuePair<string, object?>(i.Key, i.Value))]);
}
