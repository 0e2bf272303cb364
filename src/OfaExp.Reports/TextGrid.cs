using System.Text;

namespace OfaExp.Reports;

/// <summary>Left-aligned text columns for terminal output; trailing spaces are trimmed so output diffs cleanly.</summary>
internal static class TextGrid
{
    private const string Gap = "  ";

    public static void Append(StringBuilder text, string indent, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var columns = rows.Max(r => r.Count);
        var widths = Enumerable.Range(0, columns)
            .Select(c => rows.Max(r => c < r.Count ? r[c].Length : 0))
            .ToList();
        foreach (var row in rows)
        {
            var line = new StringBuilder(indent);
            for (var c = 0; c < row.Count; c++)
            {
                line.Append(c == 0 ? row[c] : Gap + row[c]);
                if (c < row.Count - 1)
                {
                    line.Append(' ', widths[c] - row[c].Length);
                }
            }

            text.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
