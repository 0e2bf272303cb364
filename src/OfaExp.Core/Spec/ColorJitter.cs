namespace OfaExp.Core.Spec;

/// <summary>
/// Colour augmentation of training images (<c>data.augment.color_jitter</c>), applied by the streaming image
/// pipeline after the crop and flip, as OFA's ImageNet provider does.
/// </summary>
public enum ColorJitter
{
    /// <summary>No colour change (OFAv2, and every in-memory data set).</summary>
    None,

    /// <summary>
    /// OFA's <c>distort_color="tf"</c>, its training default: torchvision's ColorJitter(brightness=32/255,
    /// saturation=0.5), i.e. a brightness factor in [1 - 32/255, 1 + 32/255] and a saturation factor in [0.5, 1.5],
    /// applied in a random order.
    /// </summary>
    Tf,
}
