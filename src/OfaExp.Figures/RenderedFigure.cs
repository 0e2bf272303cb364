namespace OfaExp.Figures;

/// <summary>A figure's two files: the SVG text (deterministic, snapshot-tested) and the PNG bytes.</summary>
public sealed record RenderedFigure(string Name, string Svg, byte[] Png);
