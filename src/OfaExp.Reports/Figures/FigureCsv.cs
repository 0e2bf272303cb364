using System.Globalization;
using System.Text;

namespace OfaExp.Reports.Figures;

/// <summary>
/// The numbers a figure plots as CSV (series, x, category, y, low, high, n), shortest round-trip doubles: what a
/// reader checks a figure against, and what extraction tests compare.
/// </summary>
public static class FigureCsv
{
    public static string Render(FigureData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var text = new StringBuilder("series,part,x,category,y,low,high,n\n");
        foreach (var series in data.Series)
        {
            Rows(text, data, series, "point", series.Points);
            Rows(text, data, series, "front", series.Front);
            Rows(text, data, series, "reference", series.Reference);
        }

        foreach (var mark in data.Phases)
        {
            text.Append(CultureInfo.InvariantCulture, $",phase,{Number(mark.Start)},{Quote(mark.Phase)},,,,\n");
        }

        return text.ToString();
    }

    private static void Rows(StringBuilder text, FigureData data, FigureSeries series, string part, IReadOnlyList<FigurePoint> points)
    {
        foreach (var p in points)
        {
            var category = data.Categories.Count > 0 ? data.Categories[(int)p.X] : "";
            text.Append(CultureInfo.InvariantCulture,
                $"{Quote(series.Label)},{part},{Number(p.X)},{Quote(category)},{Number(p.Y)},{Number(p.Low)},{Number(p.High)},{p.Count}\n");
        }
    }

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
