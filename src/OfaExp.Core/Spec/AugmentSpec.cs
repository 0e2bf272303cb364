namespace OfaExp.Core.Spec;

/// <summary>Seeded training-time augmentation: zero-padded random crop back to size, optional horizontal flip.</summary>
public sealed record AugmentSpec(int RandomCropPadding, bool HorizontalFlip)
{
    public static AugmentSpec None { get; } = new(0, false);
}
