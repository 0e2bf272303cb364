using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;

namespace OfaExp.Data;

/// <summary>
/// One sample's draw of the training transform, from (seed, sample index) alone, so the same sample gets the same
/// transform however batches are cut. For a padded crop, the crop's offsets into the zero-padded image; for a
/// random-resized crop, the source window (<see cref="OffsetY"/>, <see cref="OffsetX"/>, <see cref="CropHeight"/>,
/// <see cref="CropWidth"/>) that is resized back to the image size; and whether the result is mirrored.
/// </summary>
public readonly record struct SampleAugment(int OffsetY, int OffsetX, bool Mirrored)
{
    // torchvision's RandomResizedCrop defaults, which OFA and OFAv2 keep: aspect ratios 3/4..4/3, ten tries.
    private const double MinRatio = 3.0 / 4.0;
    private const double MaxRatio = 4.0 / 3.0;
    private const int Attempts = 10;

    /// <summary>Height of the resized crop's source window; 0 for a padded crop (no resize).</summary>
    public int CropHeight { get; init; }

    /// <summary>Width of the resized crop's source window; 0 for a padded crop.</summary>
    public int CropWidth { get; init; }

    public bool Resized => CropHeight > 0;

    /// <param name="height">Image height (the resized crop draws its window inside the image).</param>
    /// <param name="width">Image width.</param>
    public static SampleAugment Draw(AugmentSpec augment, ulong seed, int sample, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(augment);
        var pad = augment.RandomCropPadding;
        if (pad == 0 && !augment.HorizontalFlip && !augment.ResizedCrop)
        {
            return new SampleAugment(0, 0, false);
        }

        var rng = new SplitMix64(SeedDerivation.ForIndex(seed, sample));
        if (augment.ResizedCrop)
        {
            var (top, left, h, w) = ResizedCropWindow(ref rng, augment.ResizedCropMinScale, height, width);
            return new SampleAugment(top, left, augment.HorizontalFlip && rng.NextBool()) { CropHeight = h, CropWidth = w };
        }

        int offsetY = pad, offsetX = pad;
        if (pad > 0)
        {
            offsetY = rng.NextInt(2 * pad + 1);
            offsetX = rng.NextInt(2 * pad + 1);
        }

        return new SampleAugment(offsetY, offsetX, augment.HorizontalFlip && rng.NextBool());
    }

    /// <summary>
    /// torchvision's RandomResizedCrop.get_params: up to ten draws of an area in [minScale, 1] of the image and a
    /// log-uniform aspect ratio, the first window that fits is placed uniformly; otherwise a centre crop of the
    /// image clamped to the ratio range.
    /// </summary>
    private static (int Top, int Left, int Height, int Width) ResizedCropWindow(ref SplitMix64 rng, double minScale, int height, int width)
    {
        double area = height * width;
        double logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var targetArea = area * (minScale + (1 - minScale) * rng.NextDouble());
            var aspect = Math.Exp(logMin + (logMax - logMin) * rng.NextDouble());
            var w = (int)Math.Round(Math.Sqrt(targetArea * aspect), MidpointRounding.ToEven);
            var h = (int)Math.Round(Math.Sqrt(targetArea / aspect), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                return (rng.NextInt(height - h + 1), rng.NextInt(width - w + 1), h, w);
            }
        }

        var inRatio = (double)width / height;
        int cropH = height, cropW = width;
        if (inRatio < MinRatio)
        {
            cropH = (int)Math.Round(width / MinRatio, MidpointRounding.ToEven);
        }
        else if (inRatio > MaxRatio)
        {
            cropW = (int)Math.Round(height * MaxRatio, MidpointRounding.ToEven);
        }

        return ((height - cropH) / 2, (width - cropW) / 2, cropH, cropW);
    }
}
