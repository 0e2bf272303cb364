using OfaExp.Nn.Layers;
using static TorchSharp.torch;

namespace OfaExp.Nn.Networks;

/// <summary>
/// The part of OFA's MobileNetV3 after the last block, shared by the supernet and its extracted static networks:
/// final_expand_layer -> global average pool -> feature_mix_layer -> flatten -> classifier. Intermediate tensors
/// are disposed as soon as the next one exists, which keeps peak memory down on long CPU runs.
/// </summary>
public static class ClassifierHead
{
    /// <param name="features">The last block's output; disposed here unless <paramref name="disposeFeatures"/> is false.</param>
    /// <param name="disposeFeatures">False when the features feed further stages (early exits).</param>
    public static Tensor Forward(Tensor features, ConvLayer finalExpandLayer, ConvLayer featureMixLayer, LinearLayer classifier, bool disposeFeatures = true)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(finalExpandLayer);
        Tensor y = finalExpandLayer.forward(features);
        if (disposeFeatures)
        {
            features.Dispose();
        }

        using (var expanded = y)
        {
            y = expanded.mean([2, 3], keepdim: true);
        }

        using (var pooled = y)
        {
            y = featureMixLayer.forward(pooled);
        }

        using var mixed = y;
        using var flat = mixed.flatten(1);
        return classifier.forward(flat);
    }
}
