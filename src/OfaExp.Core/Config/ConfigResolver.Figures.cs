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
                diagnostics.Add(new ConfigDiagnostic(f.Value.Location, $"{at}: expected a mapping with kind, y and optionally {string.Join(", ", FigureSpec.Keys.Where(k => k is not "kind" and not "y"))}."));
                continue;
            }

            var before = diagnostics.Count;
            foreach (var unknown in spec.Entries.Where(e => !FigureSpec.Keys.Contains(e.Key)))
            {
                var hint = Suggestions.Closest(unknown.Key, FigureSpec.Keys);
                diagnostics.Add(new ConfigDiagnostic(unknown.KeyLocation, $"{at}: unknown key '{unknown.Key}'. {(hint is null ? $"Known keys: {string.Join(", ", FigureSpec.Keys)}." : $"Did you mean '{hint}'?")}"));
            }

            string? Text(string key, string expected)
            {
                if (spec.Find(key) is not { } e)
                {
                    return null;
                }

                if (e.Value is ConfigScalar { IsNull: false } s)
                {
                    return s.Text;
                }

                diagnostics.Add(new ConfigDiagnostic(e.Value.Location, $"{at}.{key}: expected {expected}."));
                return null;
            }

            var kinds = FigureKindNames.Spelling.All;
            FigureKind? kind = null;
            var kindText = Text("kind", $"one of {string.Join(", ", kinds)}");
            if (kindText is null)
            {
                if (spec.Find("kind") is null)
                {
                    diagnostics.Add(new ConfigDiagnostic(f.KeyLocation, $"{at}: set 'kind' (one of {string.Join(", ", kinds)})."));
                }
            }
            else if (!kinds.Contains(kindText))
            {
                var hint = Suggestions.Closest(kindText, kinds);
                diagnostics.Add(new ConfigDiagnostic(spec.Find("kind")!.Value.Location,
                    $"{at}.kind: unknown kind '{kindText}'. {(hint is null ? "" : $"Did you mean '{hint}'? ")}Kinds: bars (grouped bars with error bars), scatter (points, optionally with a Pareto front), lines (learning curves over a lineage's phases)."));
            }
            else
            {
                kind = FigureKindNames.Spelling.Parse(kindText);
            }

            var sources = TableSourceNames.Spelling.All;
            var source = TableSource.Metrics;
            if (Text("source", $"one of {string.Join(", ", sources)}") is { } src)
            {
                if (sources.Contains(src))
                {
                    source = TableSourceNames.Spelling.Parse(src);
                }
                else
                {
                    diagnostics.Add(new ConfigDiagnostic(spec.Find("source")!.Value.Location, $"{at}.source: expected one of {string.Join(", ", sources)} (metrics: over runs' metrics; subnets: over their subnet evaluations)."));
                }
            }

            if (kind == FigureKind.Lines && source != TableSource.Metrics)
            {
                diagnostics.Add(new ConfigDiagnostic(spec.Find("source")!.Value.Location, $"{at}.source: a lines figure draws metric series, so its source is metrics."));
            }

            var y = Text("y", "an expression, e.g. max(top1) or val_top1");
            if (y is null && spec.Find("y") is null)
            {
                diagnostics.Add(new ConfigDiagnostic(f.KeyLocation, $"{at}: set 'y' (what the vertical axis shows, e.g. max(top1) or val_top1)."));
            }

            string? x = null;
            var groups = new List<string>();
            if (kind == FigureKind.Bars && spec.Find("x") is { } xEntry)
            {
                foreach (var key in Keys(xEntry, $"{at}.x", "a row key or a list of them, e.g. kd.loss or [supernet.exits, supernet.blocks]"))
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
                x = Text("x", "an expression, e.g. flops / 1e6");
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
            if (spec.Find("series") is { } seriesEntry)
            {
                foreach (var item in Keys(seriesEntry, $"{at}.series", "a row key or a list of them, e.g. teacher.selection or [phase, seed]"))
                {
                    CheckTableKey($"{at}.series", item.Text, item.Location, source, phaseNames, diagnostics);
                    if (series.Contains(item.Text) || groups.Contains(item.Text))
                    {
                        diagnostics.Add(new ConfigDiagnostic(item.Location, $"{at}.series: '{item.Text}' is listed twice (series and x keys must differ)."));
                    }

                    series.Add(item.Text);
                }
            }

            var meanOver = Text("mean_over", "one row key whose runs are averaged, e.g. 'mean_over: seed'");
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

            var errors = FigureErrorKindNames.Spelling.All;
            var error = FigureErrorKind.Std;
            if (Text("error", $"one of {string.Join(", ", errors)}") is { } err)
            {
                if (!errors.Contains(err))
                {
                    diagnostics.Add(new ConfigDiagnostic(spec.Find("error")!.Value.Location, $"{at}.error: expected one of {string.Join(", ", errors)} (std: mean +- sample standard deviation; minmax: smallest to largest value)."));
                }
                else if (kind != FigureKind.Bars || meanOver is null)
                {
                    diagnostics.Add(new ConfigDiagnostic(spec.Find("error")!.KeyLocation, $"{at}.error: error bars spread the values a bars figure averages; set kind: bars and mean_over, or remove 'error'."));
                }
                else
                {
                    error = FigureErrorKindNames.Spelling.Parse(err);
                }
            }

            var pareto = false;
            if (spec.Find("pareto") is { } paretoEntry)
            {
                if (paretoEntry.Value is ConfigScalar { Quoted: false, Text: "true" or "false" } p)
                {
                    pareto = p.Text == "true";
                    if (pareto && kind != FigureKind.Scatter)
                    {
                        diagnostics.Add(new ConfigDiagnostic(paretoEntry.KeyLocation, $"{at}.pareto: a Pareto front is drawn over scatter points; set kind: scatter or remove 'pareto'."));
                    }
                }
                else
                {
                    diagnostics.Add(new ConfigDiagnostic(paretoEntry.Value.Location, $"{at}.pareto: expected true or false."));
                }
            }

            var title = Text("title", "a text");
            var xLabel = Text("x_label", "a text");
            var yLabel = Text("y_label", "a text");
            var where = Text("where", "a filter, e.g. phase == full");
            if (diagnostics.Count == before && kind is { } known && y is not null)
            {
                figures.Add(new FigureSpec(
                    f.Key, known, y, x, series, source, where, meanOver, error, pareto, title, xLabel, yLabel,
                    f.KeyLocation, spec.Find("y")!.Value.Location, spec.Find("x")?.Value.Location, kind == FigureKind.Bars ? groups : null));
            }
        }

        return figures;

        // A key list written as one scalar or a YAML list of scalars.
        IReadOnlyList<ConfigScalar> Keys(ConfigEntry keys, string where, string expected)
        {
            switch (keys.Value)
            {
                case ConfigScalar { IsNull: false } s:
                    return [s];
                case ConfigList l when l.Items.Count > 0 && l.Items.All(i => i is ConfigScalar { IsNull: false }):
                    return l.Items.Cast<ConfigScalar>().ToList();
                default:
                    diagnostics.Add(new ConfigDiagnostic(keys.Value.Location, $"{where}: expected {expected}."));
                    return [];
            }
        }
    }
}
