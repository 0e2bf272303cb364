using System.Globalization;
using OfaExp.Core.Errors;
using OfaExp.Core.Search;

namespace OfaExp.Core.Costs;

/// <summary>
/// What a subnet space's costs span, from its cheapest to its most expensive subnet, in <see cref="Unit"/> (MFLOPs or
/// ms). A search target outside it is bad input: below the minimum no candidate is feasible, above the maximum every
/// candidate is, and the constraint means nothing.
/// </summary>
public sealed record CostRange(double Min, double Max, string Unit)
{
    /// <exception cref="OfaExpException">A target is outside the range (exit 2); the message names it and the range.</exception>
    public void Check(IReadOnlyList<EfficiencyTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var target in targets)
        {
            if (target.Value < Min || target.Value > Max)
            {
                throw new OfaExpException(
                    $"Search target {target} is outside what the space can reach: its subnets cost {Format(Min)} to {Format(Max)} {Unit}. "
                    + "Choose targets in that range.",
                    ExitCodes.BadInput);
            }
        }
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
