using System.Runtime.CompilerServices;

namespace OfaExp.Search;

/// <summary>
/// OFA's accuracy-predictor input, extended with OFAv2's genes: per slot a one-hot kernel (|K| features) then a
/// one-hot expand (|E|), all zero for a skipped slot; then a one-hot resolution; then a one-hot exit only when the
/// space has more than one; then, for parallel-block spaces only, three bits of the branch mask per slot (zero for a
/// skipped slot). Spaces without the OFAv2 dimensions therefore encode exactly as OFA does. Depth is not encoded
/// directly: as in OFA, it shows as the zero blocks of the skipped slots.
/// </summary>
public sealed class PredictorEncoding
{
    private readonly int _slotWidth;

    public PredictorEncoding(CandidateSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        Space = space;
        _slotWidth = space.Kernels.Count + space.Expands.Count;
        ResolutionOffset = space.Slots * _slotWidth;
        ExitOffset = ResolutionOffset + space.Resolutions.Count;
        MaskOffset = ExitOffset + (space.Exits.Count > 1 ? space.Exits.Count : 0);
        InputSize = MaskOffset + (space.ParallelBlocks ? 3 * space.Slots : 0);
        MaxActiveFeatures = (2 * space.Slots) + 2 + (space.ParallelBlocks ? 3 * space.Slots : 0);
    }

    public CandidateSpace Space { get; }

    public int InputSize { get; }

    /// <summary>An upper bound of <see cref="ActiveFeatures"/>: size a buffer for the indices with it.</summary>
    public int MaxActiveFeatures { get; }

    internal int ResolutionOffset { get; }

    internal int ExitOffset { get; }

    internal int MaskOffset { get; }

    /// <summary>
    /// Writes the indices of the features that are 1, ascending, and returns how many. The predictor's first layer
    /// sums the weight columns in this order, so it is part of what makes a prediction reproducible.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int ActiveFeatures(ReadOnlySpan<byte> genes, Span<int> indices)
    {
        var space = Space;
        var n = 0;
        var kCount = space.Kernels.Count;
        var exit = space.ExitValues[genes[space.ExitGene]];
        var depths = space.DepthValues;
        var bpS = space.BlocksPerStage;
        for (var s = 0; s < exit; s++)
        {
            var depth = depths[genes[space.DepthGene(s)]];
            for (var b = 0; b < depth; b++)
            {
                var slot = (s * bpS) + b;
                var offset = slot * _slotWidth;
                indices[n++] = offset + genes[space.KernelGene(slot)];
                indices[n++] = offset + kCount + genes[space.ExpandGene(slot)];
            }
        }

        indices[n++] = ResolutionOffset + genes[space.ResolutionGene];
        if (space.Exits.Count > 1)
        {
            indices[n++] = ExitOffset + genes[space.ExitGene];
        }

        if (space.ParallelBlocks)
        {
            for (var s = 0; s < exit; s++)
            {
                var depth = depths[genes[space.DepthGene(s)]];
                for (var b = 0; b < depth; b++)
                {
                    var slot = (s * bpS) + b;
                    var mask = space.MaskValues[genes[space.MaskGene(slot)]];
                    for (var bit = 0; bit < 3; bit++)
                    {
                        if ((mask & (1 << bit)) != 0)
                        {
                            indices[n++] = MaskOffset + (3 * slot) + bit;
                        }
                    }
                }
            }
        }

        return n;
    }

    /// <summary>The dense 0/1 vector, for training the predictor.</summary>
    public float[] Dense(ReadOnlySpan<byte> genes)
    {
        Space.Validate(genes);
        Span<int> indices = stackalloc int[MaxActiveFeatures];
        var dense = new float[InputSize];
        var n = ActiveFeatures(genes, indices);
        for (var i = 0; i < n; i++)
        {
            dense[indices[i]] = 1f;
        }

        return dense;
    }
}
