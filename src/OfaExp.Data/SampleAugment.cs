using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// One sample's draw of the training transform: the random crop's offsets into the zero-padded image and whether it
/// is mirrored, from (seed, sample index) alone, so the same sample gets the same transform however batches are cut.
/// </summary>
public readonly record struct SampleAugment(int OffsetY, int OffsetX, bool Mirrored)
{
    public static SampleAugment Draw(AugmentSpec augment, ulong seed, int sample)
    {
        ArgumentNullException.ThrowIfNull(augment);
        var pad = augment.RandomCropPadding;
        if (pad == 0 && !augment.HorizontalFlip)
        {
            return new SampleAugment(0, 0, false);
        }

        var rng = new SplitMix64(SeedDerivation.ForIndex(seed, sample));
        int offsetY = pad, offsetX = pad;
        if (pad > 0)
        {
            offsetY = rng.NextInt(2 * pad + 1);
            offsetX = rng.NextInt(2 * pad + 1);
        }

        return new SampleAugment(offsetY, offsetX, augment.HorizontalFlip && rng.NextBool());
    }
}
