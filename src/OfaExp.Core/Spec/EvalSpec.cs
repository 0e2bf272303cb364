namespace OfaExp.Core.Spec;

/// <summary>
/// Subnet evaluation after each progressive-shrinking phase: every subnet of <see cref="Subnets"/> at every
/// resolution of <see cref="Resolutions"/>, each after BN recalibration on a fixed, seeded subset of
/// <see cref="RecalImages"/> training images in batches of <see cref="RecalBatchSize"/> (batch statistics depend on
/// the batch composition, so the batch size is part of run identity).
/// Each evaluated subnet is also scored on the data set's official test split (<see cref="Test"/>), the accuracy to
/// report; validation alone chooses teachers and checkpoints.
/// </summary>
/// <param name="Subnets">Named uniform subnets, resolved against the supernet's choices (min/mid/max per dimension).</param>
public sealed record EvalSpec(
    int RecalImages,
    int RecalBatchSize,
    IReadOnlyList<UniformSubnet> Subnets,
    IReadOnlyList<int> Resolutions)
{
    /// <summary>Whether evaluated subnets are scored on the test split too (test_top1, test_top5).</summary>
    public bool Test { get; init; } = true;

    /// <summary>Test images scored, a fixed seeded draw from the test split; 0 = all of it.</summary>
    public int TestSubset { get; init; }
}
