using System.Text.RegularExpressions;
using OfaExp.Core.Figures;
using OfaExp.Core.Tables;

namespace OfaExp.Reports.Figures;

/// <summary>
/// A figure spec after validation, as the table it reads: rows are the x key (bars) and the series keys, values
/// are what the axes show. Everything that can be checked without data has been.
/// </summary>
internal sealed partial record CompiledFigure(FigureSpec Spec, CompiledTable Table, string DefaultXLabel)
{
    public static CompiledFigure Compile(FigureSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var at = spec.Location;
        if (spec.Pareto && spec.Kind != FigureKind.Scatter)
        {
            throw FigureError.At(at, $"Figure '{spec.Name}': a Pareto front is drawn over scatter points only.");
        }

        if (spec.Reference is not null && spec.Kind != Core.Figures.FigureKind.Scatter)
        {
            throw FigureError.At(at, $"Figure '{spec.Name}': a reference value is drawn beside scatter points only.");
        }

        var series = spec.SeriesKeys;
        return FigureError.Renamed(spec.Name, () => spec.Kind switch
        {
            FigureKind.Bars => Bars(spec, series),
            FigureKind.Scatter => Scatter(spec, series),
            FigureKind.Lines => Lines(spec, series),
        });
    }

    private static CompiledFigure Bars(FigureSpec spec, IReadOnlyList<string> series)
    {
        var groups = spec.GroupKeys;
        if (groups.Count == 0)
        {
            throw FigureError.At(spec.Location, $"Figure '{spec.Name}': a bars figure needs x, the row key (or keys) whose values are the groups along the x axis.");
        }

        var table = new TableSpec(spec.Name, [.. groups, .. series], [new("y", spec.Y, "R", spec.YLocation)], spec.Where, spec.Source, null, spec.Location, spec.MeanOver);
        return new CompiledFigure(spec, CompiledTable.Compile(table), string.Join(", ", groups));
    }

    private static CompiledFigure Scatter(FigureSpec spec, IReadOnlyList<string> series)
    {
        if (string.IsNullOrWhiteSpace(spec.X))
        {
            throw FigureError.At(spec.Location, $"Figure '{spec.Name}': a scatter figure needs x, what the horizontal axis shows (e.g. flops / 1e6).");
        }

        if (spec.MeanOver is not null)
        {
            throw FigureError.At(spec.Location, $"Figure '{spec.Name}': a scatter figure draws every point; mean_over is for bars and lines.");
        }

        List<TableValueSpec> columns = [new("x", Point(spec.X), "R", spec.XLocation), new("y", Point(spec.Y), "R", spec.YLocation)];
        if (spec.Reference is not null)
        {
            columns.Add(new("reference", Point(spec.Reference), "R", spec.ReferenceLocation));
        }

        var table = new TableSpec(
            spec.Name,
            series,
            columns,
            spec.Where,
            spec.Source,
            null,
            spec.Location);
        return new CompiledFigure(spec, CompiledTable.Compile(table), spec.X.Trim());
    }

    private static CompiledFigure Lines(FigureSpec spec, IReadOnlyList<string> series)
    {
        if (spec.Source != TableSource.Metrics)
        {
            throw FigureError.At(spec.Location, $"Figure '{spec.Name}': a lines figure draws metric series, so its source is metrics.");
        }

        if (!Bare().IsMatch(spec.Y))
        {
            throw FigureError.At(spec.YLocation ?? spec.Location,
                $"Figure '{spec.Name}': y '{spec.Y}' of a lines figure is a metric, optionally per step and scaled: "
                + "'[<number> *] <metric>[@step] [/ <number>]' (e.g. val_top1, 100 * val_top1, loss@step).");
        }

        var table = new TableSpec(spec.Name, series, [new("y", Point(spec.Y), "R", spec.YLocation)], spec.Where, spec.Source, null, spec.Location, spec.MeanOver);
        var compiled = CompiledTable.Compile(table);
        return new CompiledFigure(spec, compiled, compiled.Columns[0].Expression.PerStep ? "step (phases end to end)" : "epoch (phases end to end)");
    }

    /// <summary>
    /// A point reads one item, so a bare field or metric (<c>flops / 1e6</c>) means its only value: it is read as
    /// <c>last(...)</c>. An aggregate written out is kept as is.
    /// </summary>
    private static string Point(string expression)
    {
        var match = Bare().Match(expression);
        return match.Success
            ? $"{match.Groups["pre"].Value}last({match.Groups["name"].Value}){match.Groups["post"].Value}"
            : expression;
    }

    [GeneratedRegex(
        @"^\s*(?<pre>(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*\*\s*)?"
        + @"(?<name>[A-Za-z_][A-Za-z0-9_.:\-]*(?:@step)?)"
        + @"(?<post>\s*/\s*(?:[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?))?\s*\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Bare();
}
