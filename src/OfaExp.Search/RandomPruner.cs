using OfaExp.Core.Seeding;

namespace OfaExp.Search;

/// <summary>
/// Shrinks an architecture until it meets a tighter target, for top-down multi-target search: repeatedly pick a
/// random dimension (kernel, expand or depth), walk the active slots (stages for depth) and lower the first value
/// above that dimension's threshold to the next smaller choice. A threshold starts at the second-largest choice and
/// drops after a full pass that found nothing above it, so large values are trimmed evenly across the network before
/// anything is cut to the minimum. Resolution, exit and branch masks are left as they are. Values are only lowered.
/// </summary>
public sealed class RandomPruner
{
    private readonly CostTable _costs;

    public RandomPruner(CostTable costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        _costs = costs;
    }

    /// <summary>Prunes <paramref name="genes"/> in place; true when the result fits <paramref name="target"/>, false when nothing is left to lower.</summary>
    public bool Prune(Span<byte> genes, double target, ref SplitMix64 rng)
    {
        var space = _costs.Space;
        space.Validate(genes);
        Span<int> threshold = [space.Kernels.Count - 2, space.Expands.Count - 2, space.Depths.Count - 2];
        Span<int> live = stackalloc int[3];
        while (_costs.Cost(genes) > target)
        {
            var n = 0;
            for (var d = 0; d < 3; d++)
            {
                if (threshold[d] >= 0)
                {
                    live[n++] = d;
                }
            }

            if (n == 0)
            {
                return false;
            }

            var dim = live[rng.NextInt(n)];
            if (!LowerFirst(genes, dim, threshold[dim]))
            {
                threshold[dim]--;
            }
        }

        return true;
    }

    private bool LowerFirst(Span<byte> genes, int dim, int threshold)
    {
        var space = _costs.Space;
        var exit = space.Exit(genes);
        if (dim == 2)
        {
            for (var s = 0; s < exit; s++)
            {
                if (genes[space.DepthGene(s)] > threshold)
                {
                    genes[space.DepthGene(s)]--;
                    return true;
                }
            }

            return false;
        }

        for (var slot = 0; slot < space.Slots; slot++)
        {
            var gene = dim == 0 ? space.KernelGene(slot) : space.ExpandGene(slot);
            if (space.IsActive(genes, slot) && genes[gene] > threshold)
            {
                genes[gene]--;
                return true;
            }
        }

        return false;
    }
}
