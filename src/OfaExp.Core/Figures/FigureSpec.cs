using OfaExp.Core.Config;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Figures;

/// <summary>
/// A declared figure (<c>figures:</c> in an experiment): a table over recorded runs plus a rendering. The data
/// side reuses the table model (sources, row keys, <c>where</c>, value expressions, <c>mean_over</c>), so a figure
/// shows exactly what a table with the same keys would.
/// </summary>
/// <param name="Y">
/// bars: a value expression (<c>max(top1)</c>); scatter: a value expression or a bare field/metric
/// (<c>top1</c>, <c>flops / 1e6</c>), read per point; lines: a metric, optionally <c>@step</c> and scaled
/// (<c>100 * val_top1</c>, <c>loss@step</c>).
/// </param>
/// <param name="X">scatter: like <paramref name="Y"/>, read per point; bars: the group key when <paramref name="Groups"/> is not set; lines: unused.</param>
/// <param name="Series">Row keys whose values split the data into series (legend entries); empty for one series.</param>
/// <param name="Error">bars with <paramref name="MeanOver"/>: how the error bars spread (default std).</param>
/// <param name="Pareto">scatter: also draw each series' Pareto front (lower x and higher y are better).</param>
/// <param name="Location">Where the figure is declared, for error messages; null for figures built in code.</param>
/// <param name="YLocation">Where <paramref name="Y"/> is written, for error messages.</param>
/// <param name="XLocation">Where <paramref name="X"/> is written, for error messages.</param>
/// <param name="Groups">
/// bars: the row keys whose values are the groups along the x axis (one key, or several whose values are joined,
/// e.g. [supernet.exits, supernet.blocks] for a supernet variant).
/// </param>
/// <param name="Reference">
/// scatter: a second value read per point like <paramref name="Y"/> and drawn at the same x with its own marker, in
/// the series' colour (e.g. a noise floor beside the difference it bounds); null for none.
/// </param>
/// <param name="ReferenceLocation">Where <paramref name="Reference"/> is written, for error messages.</param>
public sealed record FigureSpec(
    string Name,
    FigureKind Kind,
    string Y,
    string? X = null,
    IReadOnlyList<string>? Series = null,
    TableSource Source = TableSource.Metrics,
    string? Where = null,
    string? MeanOver = null,
    FigureErrorKind Error = FigureErrorKind.Std,
    bool Pareto = false,
    string? Title = null,
    string? XLabel = null,
    string? YLabel = null,
    SourceLocation? Location = null,
    SourceLocation? YLocation = null,
    SourceLocation? XLocation = null,
    IReadOnlyList<string>? Groups = null,
    string? Reference = null,
    SourceLocation? ReferenceLocation = null)
{
    public IReadOnlyList<string> SeriesKeys => Series ?? [];

    /// <summary>The bars' group keys: <see cref="Groups"/>, or <see cref="X"/> alone.</summary>
    public IReadOnlyList<string> GroupKeys => Groups ?? (X is null ? [] : [X]);
}
