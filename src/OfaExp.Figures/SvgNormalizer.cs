using System.Text.RegularExpressions;

namespace OfaExp.Figures;

/// <summary>
/// Skia's SVG canvas numbers clip paths from a process-wide counter, in hex (cl_4 in one rendering, cl_6c later), so
/// the same figure would differ by the order figures were drawn in. Renumbering them by first appearance makes
/// the SVG a function of the figure alone. Line ends are made "\n" for the same reason.
/// </summary>
internal static partial class SvgNormalizer
{
    public static string Normalize(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var renumbered = ClipId().Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out var id))
            {
                id = $"cl_{ids.Count + 1}";
                ids[m.Value] = id;
            }

            return id;
        });
        return renumbered.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\bcl_[0-9A-Za-z]+\b", RegexOptions.CultureInvariant)]
    private static partial Regex ClipId();
}
