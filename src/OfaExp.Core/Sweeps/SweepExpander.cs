using OfaExp.Core.Config;
using OfaExp.Core.Hashing;

namespace OfaExp.Core.Sweeps;

/// <summary>Expands a sweep into its points: axes in declaration order, the last axis varying fastest.</summary>
public static class SweepExpander
{
    /// <summary>The most points one experiment may sweep: planning holds every point (and its runs) in memory.</summary>
    public const long MaxPoints = 1_000_000;

    /// <exception cref="ConfigException">The grid has more than <see cref="MaxPoints"/> points (counted, never built).</exception>
    public static IReadOnlyList<SweepPoint> Expand(SweepSpec sweep)
    {
        var points = new List<SweepPoint>();
        var counts = sweep.Axes.Select(a => a.Rows.Count).ToArray();
        var index = new int[counts.Length];
        var product = counts.Aggregate(1.0, (a, c) => a * c);
        if (product > MaxPoints)
        {
            var axes = string.Join(" x ", sweep.Axes.Select((a, i) => $"{string.Join("+", a.Paths)} ({a.Rows.Count}{(i == 0 ? " values" : "")})"));
            throw new ConfigException(new ConfigDiagnostic(
                sweep.Axes[0].Rows[0][0].Location,
                $"sweep: {axes} = {product.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} points, but an experiment may sweep at most {MaxPoints}. Split it into several experiments or sweep fewer values."));
        }

        long total = (long)product;
        for (long n = 0; n < total; n++)
        {
            var assignments = new List<SweepAssignment>();
            for (int a = 0; a < counts.Length; a++)
            {
                assignments.AddRange(sweep.Axes[a].Rows[index[a]]);
            }

            if (!sweep.Excludes.Any(ex => Matches(ex, assignments)))
            {
                points.Add(new SweepPoint(points.Count, assignments));
            }

            for (int a = counts.Length - 1; a >= 0; a--)
            {
                if (++index[a] < counts[a])
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return points;
    }

    private static bool Matches(IReadOnlyDictionary<string, string> exclude, List<SweepAssignment> assignments) =>
        exclude.All(kv => assignments.Any(a => a.Path == kv.Key && CanonicalJson.Write(a.Value) == kv.Value));
}
