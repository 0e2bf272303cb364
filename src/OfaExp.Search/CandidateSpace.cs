using System.Globalization;
using System.Runtime.CompilerServices;
using OfaExp.Core.Seeding;
using OfaExp.Core.Subnets;

namespace OfaExp.Search;

/// <summary>
/// The genome of a subnet for search: one byte per decision, each an index into a sorted choice list, so a candidate
/// is a short <c>byte[]</c> that hashes, compares and copies without allocation and maps to a <see cref="SubnetConfig"/>
/// on demand. Layout (<see cref="GeneCount"/> bytes): kernel index per slot, expand index per slot, depth index per
/// stage, the resolution index, the exit index, then a branch-mask index per slot (always present; the only mask of a
/// non-parallel space is 1). Skipped slots (beyond the stage depth or after the exit) keep their genes, as OFA keeps
/// them; cost and prediction ignore them, and <see cref="NormalizeSkipped"/> zeroes them for use as a cache key.
/// Value equality over the choices, so a cost table or predictor read back from bytes can be checked against a space.
/// </summary>
public sealed class CandidateSpace : IEquatable<CandidateSpace>
{
    private readonly int[] _kernels;
    private readonly int[] _expands;
    private readonly int[] _depths;
    private readonly int[] _resolutions;
    private readonly int[] _exits;
    private readonly int[] _masks;
    private readonly int[] _radix;

    /// <summary>The search genome of a supernet's subnet space (all of its choices).</summary>
    public CandidateSpace(SubnetSpace space)
        : this(
            (space ?? throw new ArgumentNullException(nameof(space))).Stages, space.BlocksPerStage, space.All.Kernels, space.All.Expands,
            space.All.Depths, space.All.Resolutions, space.Exits, space.ParallelBlocks ? space.Levels : null)
    {
    }

    /// <param name="levels">Branch counts of a parallel-block space; null = not parallel (mask 1 only).</param>
    /// <exception cref="ArgumentException">A choice list is empty, unsorted, or out of range for the shape.</exception>
    public CandidateSpace(
        int stages, int blocksPerStage, IReadOnlyList<int> kernels, IReadOnlyList<int> expands, IReadOnlyList<int> depths,
        IReadOnlyList<int> resolutions, IReadOnlyList<int> exits, IReadOnlyList<int>? levels)
    {
        if (stages < 1 || blocksPerStage < 1)
        {
            throw new ArgumentException($"A space needs at least one stage and one block per stage; got {stages} x {blocksPerStage}.", nameof(stages));
        }

        Stages = stages;
        BlocksPerStage = blocksPerStage;
        _kernels = Checked(kernels, "kernel", 1, int.MaxValue);
        _expands = Checked(expands, "expand", 1, int.MaxValue);
        _depths = Checked(depths, "depth", 1, blocksPerStage);
        _resolutions = Checked(resolutions, "resolution", 1, int.MaxValue);
        _exits = Checked(exits, "exit", 1, stages);
        ParallelBlocks = levels is not null;
        Levels = levels is null ? [1] : Checked(levels, "level", 1, 3);
        _masks = levels is null ? [1] : [.. Levels.SelectMany(SubnetSpace.MasksWithLevel).Order()];

        // Byte genes: every list must be indexable by a byte (they are far shorter in any real space).
        if (new[] { _kernels, _expands, _depths, _resolutions, _exits, _masks }.Any(l => l.Length > byte.MaxValue + 1))
        {
            throw new ArgumentException("A choice list has more than 256 entries; genes are bytes.", nameof(resolutions));
        }

        GeneCount = (3 * Slots) + Stages + 2;
        _radix = new int[GeneCount];
        for (var i = 0; i < Slots; i++)
        {
            _radix[KernelGene(i)] = _kernels.Length;
            _radix[ExpandGene(i)] = _expands.Length;
            _radix[MaskGene(i)] = _masks.Length;
        }

        for (var s = 0; s < Stages; s++)
        {
            _radix[DepthGene(s)] = _depths.Length;
        }

        _radix[ResolutionGene] = _resolutions.Length;
        _radix[ExitGene] = _exits.Length;
    }

    public int Stages { get; }

    public int BlocksPerStage { get; }

    public int Slots => Stages * BlocksPerStage;

    public bool ParallelBlocks { get; }

    /// <summary>Sorted choices; a gene is an index into one of these.</summary>
    public IReadOnlyList<int> Kernels => _kernels;

    public IReadOnlyList<int> Expands => _expands;

    public IReadOnlyList<int> Depths => _depths;

    public IReadOnlyList<int> Resolutions => _resolutions;

    /// <summary>1-based exit stages, ascending.</summary>
    public IReadOnlyList<int> Exits => _exits;

    /// <summary>Branch counts allowed per slot ([1] for non-parallel spaces).</summary>
    public IReadOnlyList<int> Levels { get; }

    /// <summary>Branch masks allowed per slot, ascending ([1] for non-parallel spaces).</summary>
    public IReadOnlyList<int> Masks => _masks;

    public int GeneCount { get; }

    // The choice arrays themselves, for hot loops (an IReadOnlyList index is an interface call).
    internal int[] DepthValues => _depths;

    internal int[] ExitValues => _exits;

    internal int[] MaskValues => _masks;

    public int KernelGene(int slot) => slot;

    public int ExpandGene(int slot) => Slots + slot;

    public int DepthGene(int stage) => (2 * Slots) + stage;

    public int ResolutionGene => (2 * Slots) + Stages;

    public int ExitGene => ResolutionGene + 1;

    public int MaskGene(int slot) => ExitGene + 1 + slot;

    /// <summary>How many values gene <paramref name="gene"/> can take.</summary>
    public int Radix(int gene) => _radix[gene];

    /// <summary>The 1-based exit stage of <paramref name="genes"/>.</summary>
    public int Exit(ReadOnlySpan<byte> genes) => _exits[genes[ExitGene]];

    /// <summary>The active depth of <paramref name="stage"/> (0 when the stage is after the exit).</summary>
    public int ActiveDepth(ReadOnlySpan<byte> genes, int stage) => stage < _exits[genes[ExitGene]] ? _depths[genes[DepthGene(stage)]] : 0;

    public bool IsActive(ReadOnlySpan<byte> genes, int slot) => slot % BlocksPerStage < ActiveDepth(genes, slot / BlocksPerStage);

    /// <exception cref="ArgumentException">Wrong length or a gene beyond its choice list.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Validate(ReadOnlySpan<byte> genes)
    {
        if (genes.Length != GeneCount)
        {
            throw new ArgumentException($"A candidate of this space has {GeneCount} genes; got {genes.Length}.", nameof(genes));
        }

        for (var g = 0; g < GeneCount; g++)
        {
            if (genes[g] >= _radix[g])
            {
                throw new ArgumentException($"Gene {g} is {genes[g]}, beyond its {_radix[g]} choices.", nameof(genes));
            }
        }
    }

    public SubnetConfig ToConfig(ReadOnlySpan<byte> genes)
    {
        Validate(genes);
        var kernels = new int[Slots];
        var expands = new int[Slots];
        var branches = new int[Slots];
        var depths = new int[Stages];
        for (var i = 0; i < Slots; i++)
        {
            kernels[i] = _kernels[genes[KernelGene(i)]];
            expands[i] = _expands[genes[ExpandGene(i)]];
            branches[i] = _masks[genes[MaskGene(i)]];
        }

        for (var s = 0; s < Stages; s++)
        {
            depths[s] = _depths[genes[DepthGene(s)]];
        }

        return new SubnetConfig(kernels, expands, depths, _resolutions[genes[ResolutionGene]], _exits[genes[ExitGene]], branches);
    }

    /// <exception cref="ArgumentException">The config has another shape or a value that is not a choice of this space.</exception>
    public byte[] FromConfig(SubnetConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.Stages != Stages || config.BlocksPerStage != BlocksPerStage)
        {
            throw new ArgumentException(
                $"'{config}' has {config.Stages} x {config.BlocksPerStage} slots; this space has {Stages} x {BlocksPerStage}.", nameof(config));
        }

        var genes = new byte[GeneCount];
        for (var i = 0; i < Slots; i++)
        {
            genes[KernelGene(i)] = IndexOf(_kernels, config.Kernels[i], "kernel", config);
            genes[ExpandGene(i)] = IndexOf(_expands, config.Expands[i], "expand", config);
            genes[MaskGene(i)] = IndexOf(_masks, config.Branches[i], "branch mask", config);
        }

        for (var s = 0; s < Stages; s++)
        {
            genes[DepthGene(s)] = IndexOf(_depths, config.Depths[s], "depth", config);
        }

        genes[ResolutionGene] = IndexOf(_resolutions, config.Resolution, "resolution", config);
        genes[ExitGene] = IndexOf(_exits, config.Exit, "exit", config);
        return genes;
    }

    /// <summary>
    /// A uniformly random candidate, drawn in OFA's order (kernels, expands, depths, resolution), then the OFAv2 genes
    /// (exit, masks); each gene uniform over its choices, so a parallel space's masks are uniform over masks, not levels.
    /// </summary>
    public byte[] Sample(ref SplitMix64 rng)
    {
        var genes = new byte[GeneCount];
        Sample(ref rng, genes);
        return genes;
    }

    public void Sample(ref SplitMix64 rng, Span<byte> genes) => Sample(ref rng, genes, []);

    /// <summary>
    /// As <see cref="Sample(ref SplitMix64, Span{byte})"/>, with the resolution drawn uniformly from
    /// <paramref name="resolutionIndices"/> (indices into <see cref="Resolutions"/>; empty = all of them, the same
    /// draws as the overload without it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Sample(ref SplitMix64 rng, Span<byte> genes, ReadOnlySpan<byte> resolutionIndices)
    {
        if (genes.Length != GeneCount)
        {
            throw new ArgumentException($"A candidate of this space has {GeneCount} genes; got {genes.Length}.", nameof(genes));
        }

        for (var g = 0; g < GeneCount; g++)
        {
            if (g == ResolutionGene && !resolutionIndices.IsEmpty)
            {
                // One draw either way, so the genes after the resolution come from the same stream positions.
                genes[g] = resolutionIndices[rng.NextInt(resolutionIndices.Length)];
                continue;
            }

            // A single-choice gene draws nothing, so adding a one-exit or one-mask dimension leaves OFA's stream intact.
            genes[g] = _radix[g] == 1 ? (byte)0 : (byte)rng.NextInt(_radix[g]);
        }
    }

    /// <summary>Indices into <see cref="Resolutions"/> of <paramref name="resolutions"/>; empty for null, empty or every resolution (no restriction).</summary>
    /// <exception cref="ArgumentException">A resolution is not a choice of this space, or the list is not strictly ascending.</exception>
    public byte[] ResolutionIndices(IReadOnlyList<int>? resolutions)
    {
        if (resolutions is null || resolutions.Count == 0)
        {
            return [];
        }

        var indices = new byte[resolutions.Count];
        for (var i = 0; i < indices.Length; i++)
        {
            var at = Array.IndexOf(_resolutions, resolutions[i]);
            if (at < 0 || (i > 0 && resolutions[i] <= resolutions[i - 1]))
            {
                throw new ArgumentException(
                    $"The searched resolutions [{string.Join(",", resolutions)}] must be strictly ascending choices of the space [{string.Join(",", _resolutions)}].", nameof(resolutions));
            }

            indices[i] = (byte)at;
        }

        return indices.Length == _resolutions.Length ? [] : indices;
    }

    /// <summary>
    /// Zeroes every gene that does not change the network (slots skipped by depth or exit, depths after the exit), so
    /// two candidates that build the same network at the same resolution become byte-equal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NormalizeSkipped(Span<byte> genes)
    {
        var exit = _exits[genes[ExitGene]];
        for (var s = 0; s < Stages; s++)
        {
            var depth = s < exit ? _depths[genes[DepthGene(s)]] : 0;
            if (s >= exit)
            {
                genes[DepthGene(s)] = 0;
            }

            for (var b = depth; b < BlocksPerStage; b++)
            {
                var slot = (s * BlocksPerStage) + b;
                genes[KernelGene(slot)] = 0;
                genes[ExpandGene(slot)] = 0;
                genes[MaskGene(slot)] = 0;
            }
        }
    }

    public bool Equals(CandidateSpace? other) =>
        other is not null && Stages == other.Stages && BlocksPerStage == other.BlocksPerStage && ParallelBlocks == other.ParallelBlocks
        && _kernels.AsSpan().SequenceEqual(other._kernels) && _expands.AsSpan().SequenceEqual(other._expands)
        && _depths.AsSpan().SequenceEqual(other._depths) && _resolutions.AsSpan().SequenceEqual(other._resolutions)
        && _exits.AsSpan().SequenceEqual(other._exits) && _masks.AsSpan().SequenceEqual(other._masks);

    public override bool Equals(object? obj) => obj is CandidateSpace other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Stages, BlocksPerStage, ParallelBlocks, _kernels.Length, _expands.Length, _resolutions.Length, _masks.Length);

    /// <summary>A short invariant description, e.g. for error messages.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Stages}x{BlocksPerStage} k[{string.Join(",", _kernels)}] e[{string.Join(",", _expands)}] d[{string.Join(",", _depths)}] "
        + $"r[{_resolutions[0]}..{_resolutions[^1]}]x{_resolutions.Length} x[{string.Join(",", _exits)}] m[{string.Join(",", _masks)}]");

    private static byte IndexOf(int[] choices, int value, string what, SubnetConfig config)
    {
        var i = Array.IndexOf(choices, value);
        return i >= 0
            ? (byte)i
            : throw new ArgumentException($"'{config}': the {what} {value} is not a choice of this space [{string.Join(",", choices)}].", nameof(config));
    }

    private static int[] Checked(IReadOnlyList<int> values, string what, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(values);
        var array = values.ToArray();
        if (array.Length == 0)
        {
            throw new ArgumentException($"The space needs at least one {what} choice.", nameof(values));
        }

        for (var i = 0; i < array.Length; i++)
        {
            if (array[i] < min || array[i] > max || (i > 0 && array[i] <= array[i - 1]))
            {
                throw new ArgumentException(
                    $"The {what} choices [{string.Join(",", array)}] must be strictly ascending within {min}..{max}.", nameof(values));
            }
        }

        return array;
    }
}
