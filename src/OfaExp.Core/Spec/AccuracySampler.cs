namespace OfaExp.Core.Spec;

/// <summary>How an accuracy data set draws its (subnet, resolution) pairs (accuracy_dataset.sampler).</summary>
public enum AccuracySampler
{
    /// <summary>OFA's random subnets: every choice uniform.</summary>
    Uniform,

    /// <summary>Resolutions cycled evenly, the rest uniform.</summary>
    Balanced,
}
