using OfaExp.Core.Seeding;

namespace OfaExp.Nn.Training;

/// <summary>Every seed a phase trainer uses, derived in one place from the experiment seed so the paths stay consistent.</summary>
public static class TrainingSeeds
{
    /// <summary>Initial supernet weights: shared by all phases and sweep points with the same seed.</summary>
    public static ulong Init(int seed) => SeedDerivation.Derive(seed, "init", "ofa_mbv3");

    /// <summary>Sample order and augmentation of a phase's training batches.</summary>
    public static ulong Data(int seed, string phase) => SeedDerivation.Derive(seed, "phase", phase, "data");

    /// <summary>
    /// The <paramref name="index"/>-th subnet sampled for one optimiser step (OFA samples several per step in later
    /// phases); pass it to <see cref="Core.Subnets.SubnetSpace.Sample(ulong, Core.Subnets.SubnetChoices)"/>.
    /// </summary>
    public static ulong Subnet(int seed, string phase, int epoch, int step, int index) =>
        SeedDerivation.Derive(seed, "phase", phase, "subnet", epoch, step, index);

    /// <summary>The dropout mask of one optimiser step.</summary>
    public static ulong Dropout(int seed, string phase, int epoch, int step) =>
        SeedDerivation.Derive(seed, "phase", phase, "dropout", epoch, step);

    /// <summary>The dropout mask of the <paramref name="index"/>-th subnet of one optimiser step (shrinking phases).</summary>
    public static ulong Dropout(int seed, string phase, int epoch, int step, int index) =>
        SeedDerivation.Derive(seed, "phase", phase, "dropout", epoch, step, index);

    /// <summary>The input resolution of one optimiser step (elastic resolution: one size per batch, as OFA).</summary>
    public static ulong Resolution(int seed, string phase, int epoch, int step) =>
        SeedDerivation.Derive(seed, "phase", phase, "resolution", epoch, step);
}
