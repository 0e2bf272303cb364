namespace OfaExp.Core.Spec;

/// <summary>
/// The <c>accuracy_dataset</c> phase: <see cref="Samples"/> (subnet, resolution) pairs drawn from the phase's elastic
/// choices, each extracted, BN-recalibrated (<c>eval.recal_*</c>) and evaluated on the validation split.
/// <see cref="Sampler"/> "uniform" draws every pair as OFA's sample_active_subnet does; "balanced" cycles the
/// resolution (pair i gets resolution i mod |R|) and draws the rest uniformly, so every resolution is equally covered.
/// </summary>
public sealed record AccuracyDatasetSpec(int Samples, AccuracySampler Sampler);
