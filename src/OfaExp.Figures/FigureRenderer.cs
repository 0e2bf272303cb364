using System.Globalization;
using OfaExp.Core.Figures;
using OfaExp.Reports.Figures;
using ScottPlot;

namespace OfaExp.Figures;

/// <summary>
/// Draws extracted figure data with ScottPlot. A pure layout step: fixed size, one font loaded from a fixed file,
/// the invariant culture, a fixed palette and the data's own order, so equal data gives a byte-identical SVG.
/// </summary>
public static class FigureRenderer
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>
    /// Whether the fixed font (DejaVu Sans, Debian's fonts-dejavu-core) was found. Without it figures still render,
    /// with a system font, but their layout may then differ from another machine's.
    /// </summary>
    public static bool FixedFontAvailable => FigureFonts.Available;

    // ScottPlot's Category10, spelled out so a palette change in a later ScottPlot cannot recolour old figures.
    private static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static RenderedFigure Render(FigureData data)
    {
        ArgumentNullException.ThrowIfNull(data);

        // Tick labels are formatted with the current culture; a figure must not depend on the user's locale.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            var plot = Layout(data);
            var svg = SvgNormalizer.Normalize(plot.GetSvgXml(Width, Height));
            var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
            return new RenderedFigure(data.Name, svg, png);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static Plot Layout(FigureData data)
    {
        var plot = new Plot();
        if (FigureFonts.Available)
        {
            plot.Font.Set(FigureFonts.Family);
        }

        plot.Legend.SetBestFontOnEachRender = false;
        plot.Title(data.Title);
        plot.XLabel(data.XLabel);
        plot.YLabel(data.YLabel);

        switch (data.Kind)
        {
            case FigureKind.Bars:
                Bars(plot, data);
                break;
            case FigureKind.Scatter:
                Scatter(plot, data);
                break;
            case FigureKind.Lines:
                Lines(plot, data);
                break;
        }

        if (data.Series.Count == 0)
        {
            // An experiment with nothing finished yet still gets its figure, saying so, like an empty table.
            var text = plot.Add.Text("no finished runs recorded yet", 0, 0);
            text.Alignment = Alignment.MiddleCenter;
            plot.Axes.SetLimits(-1, 1, -1, 1);
        }
        else if (data.Series.Count > 1 || data.Series[0].Label.Length > 0)
        {
            plot.ShowLegend(Edge.Right);
        }

        return plot;
    }

    private static Color ColorOf(int series) => Color.FromHex(Palette[series % Palette.Length]);

    /// <summary>Grouped bars: each category holds one bar per series, side by side within 0.8 of a unit.</summary>
    private static void Bars(Plot plot, FigureData data)
    {
        var count = Math.Max(1, data.Series.Count);
        var width = 0.8 / count;
        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var offset = (s - (count - 1) / 2.0) * width;
            var bars = series.Points.Select(p => new Bar
            {
                Position = p.X + offset,
                Value = p.Y,
                Size = width * 0.9,
                FillColor = ColorOf(s),
                LineWidth = 0,
            }).ToList();
            var barPlot = plot.Add.Bars(bars);
            barPlot.LegendText = series.Label;

            // ScottPlot's bar error is symmetric; min/max bars are not, so every error bar is drawn explicitly.
            var withError = series.Points.Where(p => p.Low is not null && p.High is not null).ToList();
            if (withError.Count > 0)
            {
                var errors = new ScottPlot.Plottables.ErrorBar(
                    withError.Select(p => p.X + offset).ToList(),
                    withError.Select(p => p.Y).ToList(),
                    null,
                    null,
                    withError.Select(p => p.Y - p.Low!.Value).ToList(),
                    withError.Select(p => p.High!.Value - p.Y).ToList())
                {
                    Color = Colors.Black,
                    LineWidth = 1,
                };
                plot.Add.Plottable(errors);
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, data.Categories.Count).Select(i => (double)i).ToArray(),
            data.Categories.ToArray());
        plot.Axes.Margins(bottom: 0);
        if (data.Error != FigureErrorKind.None)
        {
            plot.XLabel($"{data.XLabel}   (error bars: {(data.Error == FigureErrorKind.Std ? "mean ± sample std" : "min to max")})");
        }
    }

    private static void Scatter(Plot plot, FigureData data)
    {
        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var points = plot.Add.ScatterPoints(series.Points.Select(p => p.X).ToArray(), series.Points.Select(p => p.Y).ToArray(), ColorOf(s));
            points.MarkerSize = 6;
            points.LegendText = series.Label;
            if (series.Front.Count > 0)
            {
                // A staircase: between two front points the best accuracy reachable at that cost stays the left one's.
                var front = plot.Add.ScatterLine(series.Front.Select(p => p.X).ToArray(), series.Front.Select(p => p.Y).ToArray(), ColorOf(s));
                front.ConnectStyle = ConnectStyle.StepHorizontal;

                // Solid: Skia's SVG canvas cannot write dash effects (it drops them and logs to the console).
                front.LineWidth = 1.5f;
                front.LegendText = series.Label.Length > 0 ? $"{series.Label} (Pareto front)" : "Pareto front";
            }

            if (series.Reference.Count > 0)
            {
                // A bar in the series' colour at each point's x: a level to read the point against, not a point.
                var reference = plot.Add.ScatterPoints(series.Reference.Select(p => p.X).ToArray(), series.Reference.Select(p => p.Y).ToArray(), ColorOf(s));
                reference.MarkerShape = MarkerShape.HorizontalBar;
                reference.MarkerSize = 14;
                reference.LegendText = series.Label.Length > 0 ? $"{series.Label}: {data.ReferenceLabel}" : data.ReferenceLabel;
            }
        }
    }

    private static void Lines(Plot plot, FigureData data)
    {
        for (var s = 0; s < data.Series.Count; s++)
        {
            var series = data.Series[s];
            var line = plot.Add.ScatterLine(series.Points.Select(p => p.X).ToArray(), series.Points.Select(p => p.Y).ToArray(), ColorOf(s));
            line.LineWidth = 1.5f;
            line.MarkerSize = series.Points.Count <= 60 ? 4 : 0;
            line.LegendText = series.Label;
        }

        // Epochs and steps are counted in whole numbers; half-epoch ticks would suggest points between them.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

        // Phase names sit inside the plot at its top, left-aligned at each boundary: labels on the axis edge would
        // collide with the title. The first phase gets its name but no boundary line.
        var top = data.Series.SelectMany(s => s.Points).Select(p => p.Y).DefaultIfEmpty(0).Max();
        for (var m = 0; m < data.Phases.Count; m++)
        {
            var mark = data.Phases[m];
            if (m > 0)
            {
                // Solid, for the same reason as the Pareto front: no dash effects in SVG.
                plot.Add.VerticalLine(mark.Start, 1, Colors.Gray.WithAlpha(0.6), LinePattern.Solid);
            }

            var label = plot.Add.Text(mark.Phase, mark.Start, top);
            label.Alignment = Alignment.UpperLeft;
            label.LabelFontSize = 11;
            label.LabelFontColor = Colors.DimGray;
            label.OffsetX = 3;
        }
    }
}
