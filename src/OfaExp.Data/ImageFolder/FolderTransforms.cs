using OfaExp.Core.Spec;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// OFA's ImageNet transforms as windows into the full-size image, so the decoder can shrink before resizing.
/// Training: torchvision's RandomResizedCrop (area scale [minScale, 1], aspect 3/4..4/3; the same draw as
/// <see cref="SampleAugment"/>, seeded by (seed, epoch, sample index) like <see cref="TrainBatches"/>) straight to
/// the step's resolution, then a horizontal flip with probability 1/2. Evaluation: resize the shorter side to
/// ceil(res / 0.875), centre crop res x res (OFA's eval transform, torchvision's rounding).
/// </summary>
public static class FolderTransforms
{
    /// <summary>OFA's evaluation crop: the resize is res / 0.875, the crop res.</summary>
    public const double EvalCropFraction = 0.875;

    /// <param name="epochSeed">SeedDerivation.Derive(seed, "augment", epoch), as <see cref="TrainBatches"/> derives it.</param>
    public static CropWindow Train(ulong epochSeed, int sample, int imageHeight, int imageWidth, double minScale, bool flip)
    {
        var draw = SampleAugment.Draw(new AugmentSpec(0, flip, minScale), epochSeed, sample, imageHeight, imageWidth);
        return new CropWindow(draw.OffsetY, draw.OffsetX, draw.CropHeight, draw.CropWidth, draw.Mirrored);
    }

    public static CropWindow Eval(int imageHeight, int imageWidth, int resolution)
    {
        var resize = (int)Math.Ceiling(resolution / EvalCropFraction);

        // torchvision's Resize(int): the shorter side becomes `resize`, the longer keeps the aspect ratio, truncated.
        int height, width;
        if (imageWidth <= imageHeight)
        {
            width = resize;
            height = (int)((long)resize * imageHeight / imageWidth);
        }
        else
        {
            height = resize;
            width = (int)((long)resize * imageWidth / imageHeight);
        }

        // torchvision's CenterCrop: int(round((size - crop) / 2.0)).
        var top = Math.Round((height - resolution) / 2.0, MidpointRounding.ToEven);
        var left = Math.Round((width - resolution) / 2.0, MidpointRounding.ToEven);
        double scaleY = (double)imageHeight / height, scaleX = (double)imageWidth / width;
        return new CropWindow(top * scaleY, left * scaleX, resolution * scaleY, resolution * scaleX, false);
    }
}
