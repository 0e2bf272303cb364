using OfaExp.Core.Config;
using OfaExp.Core.Hashing;

namespace OfaExp.Core.Sweeps;

/// <summary>Expands a sweep into its points: axes in declaration order, the last axis varying fastest.</summary>
public static class SweepExpander
{
    /// <summary>
    /// The most points one experiment may sweep. The streaming planner holds only the distinct runs' ids, but the
    /// in-memory plan (what `sweep` executes) holds every point and run, so the cap stays.
    /// </summary>
    public const long MaxPoints = 1_000_000;

    /// <exception cref="ConfigException">The grid has more than <see cref="MaxPoints"/> points (counted, never built).</exception>
    public static IReadOnlyList<SweepPoint> Expand(SweepSpec sweep) => Enumerate(sweep).ToList();

    /// <summary>
    /// The points one at a time, so a planner that streams never holds the grid. The cap is checked now, before
    /// the first point is asked for, so bad input fails as early as with <see cref="Expand"/>.
    /// </summary>
    /// <exception cref="ConfigException">The grid has more than <see cref="MaxPoints"/> points (counted, never built).</exception>
    public static IEnumerable<SweepPoint> Enumerate(SweepSpec sweep)
    {
        var counts = sweep.Axes.Select(a => a.Rows.Count).ToArray();
        var product = counts.Aggregate(1.0, (a, c) => a * c);
        if (product > MaxPoints)
        {
            var axes = string.Join(" x ", sweep.Axes.Select((a, i) => $"{string.Join("+", a.Paths)} ({a.Rows.Count}{(i == 0 ? " values" : "")})"));
            throw new ConfigException(new ConfigDiagnostic(
                sweep.Axes[0].Rows[0][0].Location,
                $"sweep: {axes} = {product.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} points, but an experiment may sweep at most {MaxPoints}. Split it into several experiments or sweep fewer values."));
        }

        return Points(sweep, counts, (long)product);
    }

    private static IEnumerable<SweepPoint> Points(SweepSpec sweep, int[] counts, long total)
    {
        var index = new int[counts.Length];
        int kept = 0;
        for (long n = 0; n < total; n++)
        {
            var assignments = new List<SweepAssignment>();
            for (int a = 0; a < counts.Length; a++)
            {
                assignments.AddRange(sweep.Axes[a].Rows[index[a]]);
            }

            if (!sweep.Excludes.Any(ex => Matches(ex, assignments)))
            {
                yield return new SweepPoint(kept++, assignments);
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
    }

    private static bool Matches(IReadOnlyDictionary<string, string> exclude, List<SweepAssignment> assignments) =>
        exclude.All(kv => assignments.Any(a => a.Path == kv.Key && CanonicalJson.Write(a.Value) == kv.Value));
}
