namespace OfaExp.Reports.Html;

/// <summary>A drawn figure: its file name (without extension), its title and its SVG text.</summary>
public sealed record ReportFigure(string Name, string Title, string Svg);
