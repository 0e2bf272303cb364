using OfaExp.Core.Costs;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;

namespace OfaExp.Search;

/// <summary>The efficiency models a search constrains: analytic FLOPs, or a measured latency table, as one additive <see cref="CostTable"/>.</summary>
public static class SearchCosts
{
    /// <summary>OFA's FLOPs count of every subnet of the supernet, in MFLOPs (equal to <see cref="NetworkCost.Of"/>).</summary>
    public static CostTable Flops(SupernetSpec supernet, DatasetInfo data)
    {
        var space = new CandidateSpace(new SubnetSpace(supernet));
        return FromParts(space, EfficiencyTarget.FlopsUnit, [.. space.Resolutions.Select(r => NetworkCost.PartsOf(supernet, data, r))]);
    }

    /// <summary>A table from per-resolution parts (in <see cref="CandidateSpace.Resolutions"/> order).</summary>
    public static CostTable FromParts(CandidateSpace space, string unit, IReadOnlyList<CostParts> perResolution)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(perResolution);
        return new CostTable(
            space,
            unit,
            [.. perResolution.Select(p => p.Base)],
            [.. perResolution.Select(p => p.Block)],
            [.. perResolution.Select(p => p.Conv1x1)],
            [.. perResolution.Select(p => p.Transform)],
            [.. perResolution.Select(p => space.Exits.Select(e => p.Heads[e - 1]).ToArray())]);
    }
}
