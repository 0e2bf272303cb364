namespace OfaExp.Core.Subnets;

/// <summary>
/// The values a sampler may draw per dimension. Progressive shrinking opens dimensions one phase at a time (e.g. the
/// kernel phase draws kernels from {3,5,7} with expand and depth fixed at their maxima), so a phase samples from a
/// restriction of the supernet's <see cref="SubnetSpace"/>, never from the whole space by default.
/// <see cref="Levels"/> (active branches per parallel block position) and <see cref="Exits"/> (1-based exit stages)
/// are OFAv2's dimensions; null means the supernet's largest value only (all branches, the last exit).
/// </summary>
public sealed record SubnetChoices(
    IReadOnlyList<int> Kernels,
    IReadOnlyList<int> Expands,
    IReadOnlyList<int> Depths,
    IReadOnlyList<int> Resolutions,
    IReadOnlyList<int>? Levels = null,
    IReadOnlyList<int>? Exits = null)
{
    /// <summary>These choices with one dimension replaced, for phases that open a single dimension.</summary>
    public SubnetChoices WithKernels(params int[] kernels) => this with { Kernels = kernels };

    public SubnetChoices WithExpands(params int[] expands) => this with { Expands = expands };

    public SubnetChoices WithDepths(params int[] depths) => this with { Depths = depths };

    public SubnetChoices WithResolutions(params int[] resolutions) => this with { Resolutions = resolutions };

    public SubnetChoices WithLevels(params int[] levels) => this with { Levels = levels };

    public SubnetChoices WithExits(params int[] exits) => this with { Exits = exits };
}
