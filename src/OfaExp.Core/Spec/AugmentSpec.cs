namespace OfaExp.Core.Spec;

/// <summary>
/// Seeded training-time augmentation: either a zero-padded random crop back to size (<see cref="RandomCropPadding"/>)
/// or OFA's random-resized crop (<see cref="ResizedCropMinScale"/>: a crop of at least that fraction of the image
/// area and aspect ratio 3/4..4/3, resized back to size), then an optional horizontal flip.
/// </summary>
public sealed record AugmentSpec(int RandomCropPadding, bool HorizontalFlip, double ResizedCropMinScale = 0)
{
    public static AugmentSpec None { get; } = new(0, false);

    public bool ResizedCrop => ResizedCropMinScale > 0;
}
