using OfaExp.Core.Config;
using OfaExp.Core.Hashing;

namespace OfaExp.Core.Sweeps;

/// <summary>Expands a sweep into its points: axes in declaration order, the last axis varying fastest.</summary>
public static class SweepExpander
{
    public static IReadOnlyList<SweepPoint> Expand(SweepSpec sweep)
    {
        var points = new List<SweepPoint>();
        var counts = sweep.Axes.Select(a => a.Rows.Count).ToArray();
        var index = new int[counts.Length];
        long total = counts.Aggregate(1L, (a, c) => a * c);
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
