using OfaExp.Core.Config.Schema;
using OfaExp.Core.Figures;
using OfaExp.Core.Tables;

namespace OfaExp.Core.Config;

/// <summary>Binds the <c>figures:</c> section; keys are checked like a table's (<see cref="CheckTableKey"/>).</summary>
public static partial class ConfigResolver
{
    private static IReadOnlyList<FigureSpec> BindFigures(ConfigEntry entry, IReadOnlyList<string> phaseNames, List<ConfigDiagnostic> diagnostics)
    {
        if (entry.Value is not ConfigMap map)
        {
            if (entry.Value is not ConfigScalar { IsNull: true })
            {
                diagnostics.Add(new ConfigDiagnostic(entry.Value.Location, "figures: expected a mapping of figure names to figure specs."));
            }

            return [];
        }

        var figures = new List<FigureSpec>();
        foreach (var f in map.Entries)
        {
            var at = $"figures.{f.Key}";
            if (!NameRegex().IsMatch(f.Key))
            {
                diagnostics.Add(new ConfigDiagnostic(f.KeyLocation, $"{at}: figure names use lower-case letters, digits and '_' (they become file names)."));
                continue;
            }

            if (f.Value is not ConfigMap spec)
            {
                diagnostics.Add(new ConfigDiagnostic(f.Value.Location, $"{at}: expected a mapping with kind, y and optionally {string.Join(", ", EntrySchema.Figure.Names.Where(k => k is not "kind" and not "y"))}."));
                continue;
            }

            var before = diagnostics.Count;
            var reader = new EntryReader(at, spec, EntrySchema.Figure, diagnostics);
            reader.CheckUnknownKeys();
            var kind = reader.Choice("kind", FigureKindNames.Spelling);
            if (kind is null && spec.Find("kind") is null)
            {
                diagnostics.Add(new ConfigDiagnostic(f.KeyLocation, $"{at}: set 'kind' (one of {string.Join(", ", FigureKindNames.Spelling.All)})."));
            }

            var source = reader.Choice("source", TableSourceNames.Spelling, TableSource.Metrics);
            if (kind == FigureKind.Lines && source != TableSource.Metrics)
            {
                diagnostics.Add(new ConfigDiagnostic(spec.Find("source")!.Value.Location, $"{at}.source: a lines figure draws metric series, so its source is metrics."));
            }

            var y = reader.Text("y");
            if (y is null && spec.Find("y") is null)
            {
                diagnostics.Add(new ConfigDiagnostic(f.KeyLocation, $"{at}: set 'y' (what the vertical axis shows, e.g. max(top1) or val_top1)."));
            }

            string? x = null;
            var groups = new List<string>();
            if (kind == FigureKind.Bars && spec.Find("x") is not null)
            {
                // A bars figure's x is its group key or keys, not an expression.
                foreach (var key in reader.Keys("x", "a row key or a list of them, e.g. kd.loss or [supernet.exits, supernet.blocks]") ?? [])
                {
                    CheckTableKey($"{at}.x", key.Text, key.Location, source, phaseNames, diagnostics);
                    if (groups.Contains(key.Text))
                    {
                        diagnostics.Add(new ConfigDiagnostic(key.Location, $"{at}.x: '{key.Text}' is listed twice."));
                    }

                    groups.Add(key.Text);
                }
            }
            else if (kind != FigureKind.Bars)
            {
                x = reader.Text("x");
            }

            if (kind == FigureKind.Bars && spec.Find("x") is null)
            {
                diagnostics.Add(new ConfigDiagnostic(f.KeyLocation, $"{at}: set 'x', the row key whose values are the groups along the x axis (e.g. kd.loss or phase)."));
            }
            else if (kind == FigureKind.Scatter && spec.Find("x") is null)
            {
                diagnostics.Add(new ConfigDiagnostic(f.KeyLocation, $"{at}: set 'x', what the horizontal axis shows (e.g. flops / 1e6)."));
            }
            else if (kind == FigureKind.Lines && spec.Find("x") is { } lx)
            {
                diagnostics.Add(new ConfigDiagnostic(lx.KeyLocation, $"{at}.x: a lines figure's x axis is the epochs (or steps) of a lineage's phases end to end; remove 'x'."));
            }

            var series = new List<string>();
            foreach (var item in reader.Keys("series") ?? [])
            {
                CheckTableKey($"{at}.series", item.Text, item.Location, source, phaseNames, diagnostics);
                if (series.Contains(item.Text) || groups.Contains(item.Text))
                {
                    diagnostics.Add(new ConfigDiagnostic(item.Location, $"{at}.series: '{item.Text}' is listed twice (series and x keys must differ)."));
                }

                series.Add(item.Text);
            }

            var meanOver = reader.Text("mean_over");
            if (meanOver is not null)
            {
                var location = spec.Find("mean_over")!.Value.Location;
                CheckTableKey($"{at}.mean_over", meanOver, location, source, phaseNames, diagnostics);
                if (series.Contains(meanOver) || groups.Contains(meanOver))
                {
                    diagnostics.Add(new ConfigDiagnostic(location, $"{at}.mean_over: '{meanOver}' is also an x or series key; a key averaged over cannot also label groups or series."));
                }

                if (kind == FigureKind.Scatter)
                {
                    diagnostics.Add(new ConfigDiagnostic(location, $"{at}.mean_over: a scatter figure draws every point; averaging is for bars and lines."));
                }
            }

            var error = FigureErrorKind.Std;
            if (reader.Choice("error", FigureErrorKindNames.Spelling) is { } err)
            {
                if (kind != FigureKind.Bars || meanOver is null)
                {
                    diagnostics.Add(new ConfigDiagnostic(spec.Find("error")!.KeyLocation, $"{at}.error: error bars spread the values a bars figure averages; set kind: bars and mean_over, or remove 'error'."));
                }
                else
                {
                    error = err;
                }
            }

            var pareto = reader.Flag("pareto") ?? false;
            if (pareto && kind != FigureKind.Scatter)
            {
                diagnostics.Add(new ConfigDiagnostic(spec.Find("pareto")!.KeyLocation, $"{at}.pareto: a Pareto front is drawn over scatter points; set kind: scatter or remove 'pareto'."));
            }

            var reference = reader.Text("reference");
            if (reference is not null && kind != FigureKind.Scatter)
            {
                diagnostics.Add(new ConfigDiagnostic(spec.Find("reference")!.KeyLocation, $"{at}.reference: a reference value is drawn beside scatter points; set kind: scatter or remove 'reference'."));
            }

            var title = reader.Text("title");
            var xLabel = reader.Text("x_label");
            var yLabel = reader.Text("y_label");
            var where = reader.Text("where");
            if (diagnostics.Count == before && kind is { } known && y is not null)
            {
                figures.Add(new FigureSpec(
                    f.Key, known, y, x, series, source, where, meanOver, error, pareto, title, xLabel, yLabel,
                    f.KeyLocation, spec.Find("y")!.Value.Location, spec.Find("x")?.Value.Location, kind == FigureKind.Bars ? groups : null,
                    reference, spec.Find("reference")?.Value.Location));
            }
        }

        return figures;
    }
}
