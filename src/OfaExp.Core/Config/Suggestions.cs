namespace OfaExp.Core.Config;

/// <summary>Did-you-mean suggestions by edit distance.</summary>
public static class Suggestions
{
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        // Beyond a third of the word, a "suggestion" is noise.
        var limit = Math.Max(2, input.Length / 3);
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (var c in candidates.Distinct().OrderBy(c => c, StringComparer.Ordinal))
        {
            // The length difference bounds the distance from below: a candidate it puts past the limit is never
            // suggested, and skipping it keeps a 1 MB key (an explicit '? key') from costing seconds per candidate.
            if (Math.Abs(input.Length - c.Length) > limit)
            {
                continue;
            }

            int d = Distance(input, c);
            if (d < bestDistance)
            {
                best = c;
                bestDistance = d;
            }
        }

        return best is not null && bestDistance <= limit ? best : null;
    }

    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
