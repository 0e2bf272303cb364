using OfaExp.Core.Costs;
using OfaExp.Core.Subnets;

namespace OfaExp.Search;

/// <summary>
/// A per-entry correction of a measured latency table: the constant that, taken off every entry but the stem's, makes
/// the table's sums best match whole subnets timed in the same rounds (least squares over calibration subnets, which
/// are not the subnets the table is then checked on). A table of separately timed pieces pays, in every piece, costs a
/// whole network pays once or not at all (a runtime call, an input read from memory rather than from the cache the
/// previous layer left it in); the call's share is measured directly, the rest is what this fits.
/// </summary>
public static class EntryOffset
{
    /// <summary>
    /// The offset in the table's unit: minimises the sum over <paramref name="configs"/> of (sum - n x offset -
    /// measured)^2, n being the number of entries a subnet's sum adds to the stem's (its blocks and head).
    /// </summary>
    public static double Fit(CandidateSpace space, IReadOnlyList<CostParts> parts, IReadOnlyList<SubnetConfig> configs, IReadOnlyList<double> measured)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(configs);
        ArgumentNullException.ThrowIfNull(measured);
        if (configs.Count == 0 || configs.Count != measured.Count)
        {
            throw new ArgumentException($"{configs.Count} calibration subnets and {measured.Count} timings: one timing per subnet, at least one.", nameof(measured));
        }

        var table = SearchCosts.FromParts(space, "ms", parts);
        // Costs are sums of entries, so a table of ones on every entry but the stem's counts a subnet's entries.
        var counts = SearchCosts.FromParts(space, "entries", [.. parts.Select(p => Map(p with { Base = 0 }, _ => 1))]);
        var (numerator, denominator) = (0.0, 0.0);
        for (var i = 0; i < configs.Count; i++)
        {
            var n = counts.Cost(configs[i]);
            numerator += n * (table.Cost(configs[i]) - measured[i]);
            denominator += n * n;
        }

        return numerator / denominator;
    }

    /// <summary><paramref name="parts"/> with <paramref name="offset"/> taken off every entry but the stem's, floored at 0.</summary>
    public static IReadOnlyList<CostParts> Apply(IReadOnlyList<CostParts> parts, double offset)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return [.. parts.Select(p => Map(p, v => Math.Max(v - offset, 0)))];
    }

    private static CostParts Map(CostParts p, Func<double, double> f) => new(
        p.Base,
        [.. p.Block.Select(slot => slot.Select(kernel => kernel.Select(f).ToArray()).ToArray())],
        [.. p.Conv1x1.Select(f)],
        [.. p.Transform.Select(f)],
        [.. p.Heads.Select(f)]);
}
