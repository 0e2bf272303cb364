namespace OfaExp.Core.Spec;

/// <summary>The YAML spelling of each <see cref="AccuracySampler"/> (accuracy_dataset.sampler).</summary>
public static class AccuracySamplerNames
{
    public static Spelling<AccuracySampler> Spelling { get; } = new(sampler => sampler switch
    {
        AccuracySampler.Uniform => "uniform",
        AccuracySampler.Balanced => "balanced",
    });
}
