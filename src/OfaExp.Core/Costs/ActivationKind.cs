namespace OfaExp.Core.Costs;

/// <summary>The activations OFA's MobileNetV3 uses ("relu", "h_swish"), or none (point_linear, identity).</summary>
public enum ActivationKind
{
    None,
    Relu,
    HSwish,
}
