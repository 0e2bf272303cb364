namespace OfaExp.Core.Spec;

/// <summary>
/// Subnet evaluation after each progressive-shrinking phase: every subnet of <see cref="Subnets"/> at every
/// resolution of <see cref="Resolutions"/>, each after BN recalibration on a fixed, seeded subset of
/// <see cref="RecalImages"/> training images in batches of <see cref="RecalBatchSize"/> (batch statistics depend on
/// the batch composition, so the batch size is part of run identity).
/// </summary>
/// <param name="Subnets">Named uniform subnets, resolved against the supernet's choices (min/mid/max per dimension).</param>
public sealed record EvalSpec(
    int RecalImages,
    int RecalBatchSize,
    IReadOnlyList<UniformSubnet> Subnets,
    IReadOnlyList<int> Resolutions);
