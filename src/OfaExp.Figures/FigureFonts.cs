namespace OfaExp.Figures;

/// <summary>
/// The one font every figure uses. Text widths decide the layout (tick spacing, margins), so a font picked by the
/// system's font matching could move every coordinate between machines; loading a fixed file by path keeps the
/// SVG the same wherever that file is the same (Debian's fonts-dejavu-core).
/// </summary>
internal static class FigureFonts
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Directories = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF"];

    private static readonly Lazy<bool> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>True when the DejaVu Sans files were found and registered; otherwise ScottPlot's default font is used.</summary>
    public static bool Available => Loaded.Value;

    private static bool Load()
    {
        var regular = Find("DejaVuSans.ttf");
        if (regular is null)
        {
            return false;
        }

        ScottPlot.Fonts.AddFontFile(Family, regular, bold: false, italic: false);
        if (Find("DejaVuSans-Bold.ttf") is { } bold)
        {
            ScottPlot.Fonts.AddFontFile(Family, bold, bold: true, italic: false);
        }

        return true;
    }

    private static string? Find(string file) =>
        Directories.Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists);
}
