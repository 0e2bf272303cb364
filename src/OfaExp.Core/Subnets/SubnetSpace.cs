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
        ParallelBlocks = spec.HasParallelBlocks;
        All = new SubnetChoices(
            Sorted(spec.KernelSizes), Sorted(spec.ExpandRatios), Sorted(spec.Depths), Sorted(spec.Resolutions), spec.Levels, spec.ExitStages);
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

    /// <summary>Whether block positions have OFAv2's three parallel branches (so branch masks other than 1 exist).</summary>
    public bool ParallelBlocks { get; }

    /// <summary>Every branch count of the supernet (Elastic Level), ascending.</summary>
    public IReadOnlyList<int> Levels => All.Levels!;

    /// <summary>Every exit stage of the supernet (Elastic Height), ascending.</summary>
    public IReadOnlyList<int> Exits => All.Exits!;

    /// <summary>Every choice of the supernet, each list sorted ascending.</summary>
    public SubnetChoices All { get; }

    /// <summary>The maximal network (largest kernel, expand and depth, all branches, last exit) at the largest resolution: the teacher.</summary>
    public SubnetConfig Max => Uniform(All.Kernels[^1], All.Expands[^1], All.Depths[^1], All.Resolutions[^1]);

    /// <summary>The smallest network (one branch, first exit) at the smallest resolution.</summary>
    public SubnetConfig Min => Uniform(All.Kernels[0], All.Expands[0], All.Depths[0], All.Resolutions[0], Levels[0], Exits[0]);

    /// <summary>
    /// One kernel, expand, depth and branch count everywhere (OFAv2 reports such "uniform" subnets after each phase).
    /// A branch count n runs the first n branches (MBConv, then the 1x1 conv, then the transformation); null level =
    /// every branch the supernet has, null exit = the last stage.
    /// </summary>
    public SubnetConfig Uniform(int kernel, int expand, int depth, int resolution, int? level = null, int? exit = null) =>
        new(Enumerable.Repeat(kernel, Slots), Enumerable.Repeat(expand, Slots), Enumerable.Repeat(depth, Stages), resolution,
            exit ?? Exits[^1], Enumerable.Repeat((1 << (level ?? Levels[^1])) - 1, Slots));

    /// <summary>The branch masks with exactly <paramref name="level"/> branches on, ascending (level 2: 3, 5, 6).</summary>
    public static IReadOnlyList<int> MasksWithLevel(int level) =>
        [.. Enumerable.Range(1, SubnetConfig.AllBranches).Where(m => System.Numerics.BitOperations.PopCount((uint)m) == level)];

    /// <summary>Whether every value of <paramref name="config"/> (skipped slots included) is a choice of this space.</summary>
    public bool Contains(SubnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Stages == Stages && config.BlocksPerStage == BlocksPerStage
            && config.Kernels.All(All.Kernels.Contains) && config.Expands.All(All.Expands.Contains)
            && config.Depths.All(All.Depths.Contains) && All.Resolutions.Contains(config.Resolution)
            && Exits.Contains(config.Exit)
            && (ParallelBlocks
                ? config.Branches.All(b => Levels.Contains(System.Numerics.BitOperations.PopCount((uint)b)))
                : config.MbConvOnly);
    }

    /// <summary>A uniformly random subnet of the whole space.</summary>
    public SubnetConfig Sample(ulong seed) => Sample(seed, All);

    /// <summary>
    /// A random subnet drawing uniformly from <paramref name="choices"/>, as OFA's sample_active_subnet: a kernel per
    /// slot, then an expand ratio per slot (skipped slots included, so the draw does not depend on the depths), then a
    /// depth per stage, then the resolution; then (OFAv2, after OFA's draws so that OFA subnets do not change) for a
    /// parallel-block supernet a branch count and then an on/off pattern with that count per slot, and last the exit.
    /// </summary>
    /// <exception cref="ArgumentException">A choice list is empty or holds a value outside this space.</exception>
    public SubnetConfig Sample(ulong seed, SubnetChoices choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        Check(choices.Kernels, All.Kernels, "kernel");
        Check(choices.Expands, All.Expands, "expand");
        Check(choices.Depths, All.Depths, "depth");
        Check(choices.Resolutions, All.Resolutions, "resolution");
        var levels = choices.Levels ?? [Levels[^1]];
        var exits = choices.Exits ?? [Exits[^1]];
        Check(levels, Levels, "level");
        Check(exits, Exits, "exit");
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
        // Uniform over every on/off pattern an allowed level admits, as OFAv2's reference code draws from the union
        // of the levels' patterns: drawing a level first would favour levels with few patterns (all three branches
        // on is the only pattern of level 3, so it came up about twice as often as any one pattern of level 2).
        var patterns = ParallelBlocks ? levels.SelectMany(MasksWithLevel).Distinct().Order().ToArray() : [1];
        var branches = new int[Slots];
        for (var i = 0; i < Slots; i++)
        {
            branches[i] = patterns.Length == 1 ? patterns[0] : patterns[rng.NextInt(patterns.Length)];
        }

        var exit = exits[rng.NextInt(exits.Count)];
        return new SubnetConfig(kernels, expands, depths, resolution, exit, branches);
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
