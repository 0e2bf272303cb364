namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="ColorJitter"/> (data.augment.color_jitter).</summary>
public static class ColorJitterNames
{
    public static Spelling<ColorJitter> Spelling { get; } = new(jitter => jitter switch
    {
        ColorJitter.None => "none",
        ColorJitter.Tf => "tf",
    });
}
