namespace OfaExp.Core.Spec;

/// <summary>
/// Seeded training-time augmentation: either a zero-padded random crop back to size (<see cref="RandomCropPadding"/>)
/// or OFA's random-resized crop (<see cref="ResizedCropMinScale"/>: a crop of at least that fraction of the image
/// area and aspect ratio 3/4..4/3, resized back to size), then an optional horizontal flip, then, for streamed image
/// folders, an optional colour jitter (<see cref="Color"/>).
/// </summary>
public sealed record AugmentSpec(int RandomCropPadding, bool HorizontalFlip, double ResizedCropMinScale = 0)
{
    /// <summary>data.augment.color_jitter; only the image-folder pipeline applies it (planning refuses it elsewhere).</summary>
    public ColorJitter Color { get; init; } = ColorJitter.None;

    public static AugmentSpec None { get; } = new(0, false);

    public bool ResizedCrop => ResizedCropMinScale > 0;
}
