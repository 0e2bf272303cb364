using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Subnets;

/// <summary>
/// The subnets of one supernet: stage count, block slots per stage (max depth) and the sorted choices per elastic
/// dimension, read from a <see cref="SupernetSpec"/>. Sampling is a pure function of a seed (derive it per run seed,
/// phase, epoch, step and subnet index with <see cref="SeedDerivation"/>); there is no generator to save for resume.
/// </summary>
public sealed class SubnetSpace
{
    public SubnetSpace(SupernetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Stages = spec.StageStrides.Count;
        BlocksPerStage = spec.MaxDepth;
        All = new SubnetChoices(Sorted(spec.KernelSizes), Sorted(spec.ExpandRatios), Sorted(spec.Depths), Sorted(spec.Resolutions));
        if (Stages < 1 || All.Kernels.Count == 0 || All.Expands.Count == 0 || All.Depths.Count == 0 || All.Resolutions.Count == 0)
        {
            throw new ArgumentException("A subnet space needs at least one stage and one choice per dimension.", nameof(spec));
        }

        if (All.Depths[0] < 1)
        {
            throw new ArgumentException("Depth choices must be at least 1.", nameof(spec));
        }
    }

    public int Stages { get; }

    public int BlocksPerStage { get; }

    public int Slots => Stages * BlocksPerStage;

    /// <summary>Every choice of the supernet, each list sorted ascending.</summary>
    public SubnetChoices All { get; }

    /// <summary>The maximal network (largest kernel, expand and depth) at the largest resolution: the teacher.</summary>
    public SubnetConfig Max => Uniform(All.Kernels[^1], All.Expands[^1], All.Depths[^1], All.Resolutions[^1]);

    /// <summary>The smallest network at the smallest resolution.</summary>
    public SubnetConfig Min => Uniform(All.Kernels[0], All.Expands[0], All.Depths[0], All.Resolutions[0]);

    /// <summary>One kernel, expand and depth everywhere (OFAv2 reports such "uniform" subnets after each phase).</summary>
    public SubnetConfig Uniform(int kernel, int expand, int depth, int resolution) =>
        new(Enumerable.Repeat(kernel, Slots), Enumerable.Repeat(expand, Slots), Enumerable.Repeat(depth, Stages), resolution);

    /// <summary>Whether every value of <paramref name="config"/> (skipped slots included) is a choice of this space.</summary>
    public bool Contains(SubnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Stages == Stages && config.BlocksPerStage == BlocksPerStage
            && config.Kernels.All(All.Kernels.Contains) && config.Expands.All(All.Expands.Contains)
            && config.Depths.All(All.Depths.Contains) && All.Resolutions.Contains(config.Resolution);
    }

    /// <summary>A uniformly random subnet of the whole space.</summary>
    public SubnetConfig Sample(ulong seed) => Sample(seed, All);

    /// <summary>
    /// A random subnet drawing uniformly from <paramref name="choices"/>, as OFA's sample_active_subnet: a kernel per
    /// slot, then an expand ratio per slot (skipped slots included, so the draw does not depend on the depths), then a
    /// depth per stage, then the resolution.
    /// </summary>
    /// <exception cref="ArgumentException">A choice list is empty or holds a value outside this space.</exception>
    public SubnetConfig Sample(ulong seed, SubnetChoices choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        Check(choices.Kernels, All.Kernels, "kernel");
        Check(choices.Expands, All.Expands, "expand");
        Check(choices.Depths, All.Depths, "depth");
        Check(choices.Resolutions, All.Resolutions, "resolution");
        var rng = new SplitMix64(seed);
        var kernels = new int[Slots];
        var expands = new int[Slots];
        var depths = new int[Stages];
        for (var i = 0; i < Slots; i++)
        {
            kernels[i] = choices.Kernels[rng.NextInt(choices.Kernels.Count)];
        }

        for (var i = 0; i < Slots; i++)
        {
            expands[i] = choices.Expands[rng.NextInt(choices.Expands.Count)];
        }

        for (var s = 0; s < Stages; s++)
        {
            depths[s] = choices.Depths[rng.NextInt(choices.Depths.Count)];
        }

        var resolution = choices.Resolutions[rng.NextInt(choices.Resolutions.Count)];
        return new SubnetConfig(kernels, expands, depths, resolution);
    }

    private static int[] Sorted(IReadOnlyList<int> values) => [.. values.Distinct().Order()];

    private static void Check(IReadOnlyList<int> choices, IReadOnlyList<int> space, string what)
    {
        if (choices is null || choices.Count == 0)
        {
            throw new ArgumentException($"Sampling needs at least one {what} choice.", nameof(choices));
        }

        foreach (var c in choices)
        {
            if (!space.Contains(c))
            {
                throw new ArgumentException(
                    $"The {what} choice {c} is not in the supernet's {what}s [{string.Join(",", space)}].", nameof(choices));
            }
        }
    }
}
