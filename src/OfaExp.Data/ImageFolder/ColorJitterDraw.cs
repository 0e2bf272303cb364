using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// One training image's colour jitter: torchvision's ColorJitter(brightness=32/255, saturation=0.5) as OFA applies it
/// (<see cref="ColorJitter.Tf"/>), drawn from (seed, epoch, image index) like the crop, so it does not depend on the
/// decode thread. torchvision applies its enabled adjustments in a random order; with two of them that is a coin flip.
/// </summary>
internal readonly record struct ColorJitterDraw(double Brightness, double Saturation, bool BrightnessFirst)
{
    private const double BrightnessRange = 32.0 / 255.0;
    private const double SaturationRange = 0.5;

    // ITU-R 601-2 luma, PIL's convert("L"), which ImageEnhance.Color blends towards.
    private const float LumaR = 0.299f;
    private const float LumaG = 0.587f;
    private const float LumaB = 0.114f;

    public static ColorJitterDraw? Draw(ColorJitter jitter, ulong seed, int epoch, int sample)
    {
        switch (jitter)
        {
            case ColorJitter.None:
                return null;
            case ColorJitter.Tf:
                var rng = new SplitMix64(SeedDerivation.ForIndex(SeedDerivation.Derive(seed, "color-jitter", epoch), sample));
                var brightness = 1 - BrightnessRange + (2 * BrightnessRange * rng.NextDouble());
                var saturation = 1 - SaturationRange + (2 * SaturationRange * rng.NextDouble());
                return new ColorJitterDraw(brightness, saturation, rng.NextBool());
            default:
                throw new ArgumentOutOfRangeException(nameof(jitter), jitter, null);
        }
    }

    /// <summary>
    /// Adjusts one pixel's 0..255 values in place: brightness scales towards black, saturation blends with the pixel's
    /// luma (PIL's ImageEnhance.Brightness and .Color), each clamped to 0..255 as PIL's 8-bit images are; the values
    /// are not rounded to integers in between.
    /// </summary>
    public void Apply(ref float r, ref float g, ref float b)
    {
        if (BrightnessFirst)
        {
            Scale(ref r, ref g, ref b, (float)Brightness);
            Saturate(ref r, ref g, ref b, (float)Saturation);
        }
        else
        {
            Saturate(ref r, ref g, ref b, (float)Saturation);
            Scale(ref r, ref g, ref b, (float)Brightness);
        }
    }

    private static void Scale(ref float r, ref float g, ref float b, float factor)
    {
        r = Clamp(r * factor);
        g = Clamp(g * factor);
        b = Clamp(b * factor);
    }

    private static void Saturate(ref float r, ref float g, ref float b, float factor)
    {
        var luma = (LumaR * r) + (LumaG * g) + (LumaB * b);
        r = Clamp(luma + (factor * (r - luma)));
        g = Clamp(luma + (factor * (g - luma)));
        b = Clamp(luma + (factor * (b - luma)));
    }

    private static float Clamp(float v) => Math.Clamp(v, 0f, 255f);
}
