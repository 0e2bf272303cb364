using OfaExp.Core.Errors;
using OfaExp.Core.Figures;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports.Figures;

/// <summary>
/// Extracts a declared figure's data from recorded runs, through the table model: the same items (finished runs or
/// their evaluations, each seen from every lineage that contains it), the same keys, filter and expressions. Pure:
/// the same runs and points give the same <see cref="FigureData"/>.
/// </summary>
public static class FigureBuilder
{
    /// <summary>Checks a figure spec without data, so a bad spec is reported before any training starts.</summary>
    public static void Validate(FigureSpec spec) => CompiledFigure.Compile(spec);

    /// <summary>
    /// <see cref="Validate(FigureSpec)"/>, and every metric the figure reads over metrics must be one the
    /// experiment's phases record (<paramref name="recorded"/>): a misspelt one would give an empty figure.
    /// </summary>
    public static void Validate(FigureSpec spec, IReadOnlyList<string> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var figure = CompiledFigure.Compile(spec);
        if (figure.Table.OverSubnets)
        {
            return;
        }

        foreach (var column in figure.Table.Columns.Where(c => !recorded.Contains(c.Expression.Metric, StringComparer.Ordinal)))
        {
            var hint = Core.Config.Suggestions.Closest(column.Expression.Metric, recorded);
            throw FigureError.At(column.Spec.Location ?? spec.Location,
                $"Figure '{spec.Name}', {column.Spec.Column}: no phase of this experiment records the metric "
                + $"'{column.Expression.Metric}'. {(hint is null ? "" : $"Did you mean '{hint}'? ")}"
                + $"Its phases record: {string.Join(", ", recorded)}.");
        }
    }

    /// <summary>
    /// The figure's data over <paramref name="runs"/> (runs not Done are ignored), seeing each run from the
    /// lineages of <paramref name="points"/> like <see cref="TableBuilder.Build"/>. Without points, a lines
    /// figure follows parent links from each run no other run names as its parent.
    /// </summary>
    public static FigureData Build(FigureSpec spec, IEnumerable<RecordedRun> runs, IEnumerable<PlannedPoint>? points = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var figure = CompiledFigure.Compile(spec);
        var all = runs.ToList();
        var pointList = points?.ToList();
        return FigureError.Renamed(spec.Name, () => spec.Kind switch
        {
            FigureKind.Bars => Bars(figure, all, pointList),
            FigureKind.Scatter => Scatter(figure, all, pointList),
            FigureKind.Lines => Lines(figure, all, pointList),
        });
    }

    private static FigureData Bars(CompiledFigure figure, IReadOnlyList<RecordedRun> all, IReadOnlyList<PlannedPoint>? points)
    {
        var spec = figure.Spec;
        var table = figure.Table;
        var column = table.Columns[0];
        var seriesCount = spec.SeriesKeys.Count;
        var groupCount = spec.GroupKeys.Count;
        var groups = TableBuilder.Groups(table, TableBuilder.Items(table, all, points));

        // Keys are [x..., series..., mean_over?]; the values of one bar differ only in the mean-over key.
        var bars = groups
            .Select(g => (
                XKeys: (IReadOnlyList<string>)g.Keys.Take(groupCount).ToList(),
                Series: g.Keys.Skip(groupCount).Take(seriesCount).ToList(),
                Value: column.Value(g.Items)))
            .GroupBy(b => (X: SeriesLabel(b.XKeys), Label: SeriesLabel(b.Series)))
            .Select(g => (g.Key.X, g.Key.Label, g.First().XKeys, SeriesKeys: g.First().Series, Values: g.Select(b => b.Value).OfType<double>().ToList()))
            .Where(b => b.Values.Count > 0)
            .ToList();

        var phaseOrder = TableBuilder.PhaseOrder(all);
        var categories = Ordered(bars.Select(b => b.XKeys), spec.GroupKeys[0] == TableKeys.Phase, phaseOrder).Select(SeriesLabel).ToList();
        var labels = Ordered(bars.Select(b => (IReadOnlyList<string>)b.SeriesKeys), spec.SeriesKeys.FirstOrDefault() == TableKeys.Phase, phaseOrder)
            .Select(SeriesLabel).ToList();
        var series = labels
            .Select(label => new FigureSeries(
                label,
                bars.Where(b => b.Label == label)
                    .Select(b => Bar(categories.IndexOf(b.X), b.Values, spec.MeanOver is null ? FigureErrorKind.None : spec.Error))
                    .OrderBy(p => p.X)
                    .ToList(),
                []))
            .ToList();
        return Data(figure, categories, series, []);
    }

    private static FigurePoint Bar(int x, IReadOnlyList<double> values, FigureErrorKind error)
    {
        var mean = Sum(values) / values.Count;
        return error switch
        {
            // One value has no spread: no bar rather than a zero-width one.
            FigureErrorKind.Std when values.Count > 1 => StdBar(x, mean, values),
            FigureErrorKind.Std or FigureErrorKind.None => new FigurePoint(x, mean, null, null, values.Count),
            FigureErrorKind.MinMax => new FigurePoint(x, mean, values.Min(), values.Max(), values.Count),
        };
    }

    // The sample standard deviation (n - 1): the seeds are a sample of what the method gives.
    private static FigurePoint StdBar(int x, double mean, IReadOnlyList<double> values)
    {
        var squares = 0.0;
        foreach (var value in values)
        {
            squares += (value - mean) * (value - mean);
        }

        var sd = Math.Sqrt(squares / (values.Count - 1));
        return new FigurePoint(x, mean, mean - sd, mean + sd, values.Count);
    }

    private static FigureData Scatter(CompiledFigure figure, IReadOnlyList<RecordedRun> all, IReadOnlyList<PlannedPoint>? points)
    {
        var spec = figure.Spec;
        var table = figure.Table;
        var (xColumn, yColumn) = (table.Columns[0], table.Columns[1]);
        var referenceColumn = table.Columns.Count > 2 ? table.Columns[2] : null;
        var seriesCount = spec.SeriesKeys.Count;

        // One point per item (evaluation or run); an item seen from two lineages of one series is drawn once.
        var byLabel = TableBuilder.Items(table, all, points)
            .Select(i => (Keys: (IReadOnlyList<string>)table.Rows.Take(seriesCount).Select(i.Key).ToList(), Item: i))
            .GroupBy(x => SeriesLabel(x.Keys))
            .ToList();
        var labels = Ordered(byLabel.Select(g => g.First().Keys), spec.SeriesKeys.FirstOrDefault() == TableKeys.Phase, TableBuilder.PhaseOrder(all))
            .Select(SeriesLabel).ToList();
        var series = new List<FigureSeries>();
        foreach (var label in labels)
        {
            var items = byLabel.Single(g => g.Key == label)
                .Select(x => x.Item)
                .DistinctBy(i => (i.View.Recorded.Run.Id, i.EvaluationIndex))
                .ToList();
            var plotted = Points(items, xColumn, yColumn);
            if (plotted.Count > 0)
            {
                series.Add(new FigureSeries(label, plotted, spec.Pareto ? Front(plotted) : [])
                {
                    Reference = referenceColumn is null ? [] : Points(items, xColumn, referenceColumn),
                });
            }
        }

        return Data(figure, [], series, []) with { ReferenceLabel = spec.Reference?.Trim() ?? "" };
    }

    // One point per item with both values finite, in x then y order.
    private static List<FigurePoint> Points(IReadOnlyList<TableItem> items, TableColumn x, TableColumn y) =>
        [.. items
            .Select(i => (X: x.Value([i]), Y: y.Value([i])))
            .Where(p => p.X is not null && p.Y is not null && double.IsFinite(p.X.Value) && double.IsFinite(p.Y.Value))
            .Select(p => new FigurePoint(p.X!.Value, p.Y!.Value))
            .OrderBy(p => p.X).ThenBy(p => p.Y)];

    /// <summary>
    /// The non-dominated points, lower x and higher y being better: scanning by increasing x (higher y first at
    /// equal x), a point is on the front when it beats the best y seen so far.
    /// </summary>
    internal static IReadOnlyList<FigurePoint> Front(IEnumerable<FigurePoint> points)
    {
        var front = new List<FigurePoint>();
        var best = double.NegativeInfinity;
        foreach (var p in points.OrderBy(p => p.X).ThenByDescending(p => p.Y))
        {
            if (p.Y > best)
            {
                front.Add(p);
                best = p.Y;
            }
        }

        return front;
    }

    private static FigureData Lines(CompiledFigure figure, IReadOnlyList<RecordedRun> all, IReadOnlyList<PlannedPoint>? points)
    {
        var spec = figure.Spec;
        var table = figure.Table;
        var expression = table.Columns[0].Expression;
        var byId = all.Where(r => r.Run.Status == RunStatus.Done).GroupBy(r => r.Run.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new RunView(g.First()), StringComparer.Ordinal);
        var lineages = points is null ? TableBuilder.Lineages(Chains(all)) : TableBuilder.Lineages(points);

        // A curve is one lineage's included runs end to end. Lineages whose drawn runs and labels are all the same
        // (the kd.loss none lineages of two teacher selections, or search points over one supernet's learning
        // curve) give one curve, not several that would have to be told apart.
        var curves = new Dictionary<string, Curve>(StringComparer.Ordinal);
        foreach (var lineage in lineages)
        {
            var ids = lineage.Point.RunIds.Distinct(StringComparer.Ordinal).ToList();
            var items = ids.Where(byId.ContainsKey)
                .Select(id => new TableItem(byId[id], null, -1, lineage, lineage.FinalRunId == id))
                .Where(i => table.Where is null || table.Where.Matches(i))
                .ToList();
            if (items.Count == 0)
            {
                continue;
            }

            var offset = 0;
            var curve = new Curve(lineage);
            foreach (var item in items)
            {
                var values = expression.PerStep ? MetricSeries.Steps(item.View.Recorded, expression.Metric) : MetricSeries.Epochs(item.View.Recorded, expression.Metric);
                var keys = table.Rows.Select(item.Key).ToList();
                var mean = table.MeanOver is null ? "" : item.Key(table.MeanOver);
                curve.Add(item.View.Recorded.Run.Id, item.View.Recorded.Run.Phase, offset, keys, mean,
                    values.Select((v, i) => new FigurePoint(offset + i + 1, expression.Scaled(v))).ToList());
                offset += values.Count;
            }

            if (curve.Points.Any())
            {
                curves.TryAdd(curve.Key, curve);
            }
        }

        var grouped = curves.Values
            .SelectMany(c => c.Segments.Select(s => (Curve: c, s.Keys, s.Mean)))
            .GroupBy(x => SeriesLabel(x.Keys))
            .ToList();
        var labels = Ordered(grouped.Select(g => g.First().Keys), spec.SeriesKeys.FirstOrDefault() == TableKeys.Phase, TableBuilder.PhaseOrder(all))
            .Select(SeriesLabel).ToList();
        var series = new List<FigureSeries>();
        foreach (var label in labels)
        {
            var members = grouped.Single(g => g.Key == label).DistinctBy(m => m.Curve).ToList();
            var distinct = members.Select(m => m.Curve).ToList();

            // Averaging is over the mean-over key only: two curves with the same value of it are two settings.
            if (distinct.Count > 1 && (table.MeanOver is null || members.Select(m => m.Mean).Distinct(StringComparer.Ordinal).Count() < members.Count))
            {
                throw Ambiguous(spec, label, distinct);
            }

            // Each curve contributes only its segments of this series (a series over phase splits a curve).
            var segments = members
                .OrderBy(m => m.Mean, CellOrder.Instance)
                .Select(m => m.Curve.PointsWhere(s => SeriesLabel(s.Keys) == label))
                .ToList();
            var averaged = segments
                .SelectMany(s => s)
                .GroupBy(p => p.X)
                .OrderBy(g => g.Key)
                .Select(g => g.Count() == 1 ? g.First() : new FigurePoint(g.Key, Sum(g.Select(p => p.Y).ToList()) / g.Count(), null, null, g.Count()))
                .ToList();
            series.Add(new FigureSeries(label, averaged, []));
        }

        // Phase boundaries are drawn only when every curve has the same ones, so a mark never misplaces a phase.
        var marks = curves.Values.Select(c => c.Marks).ToList();
        var phases = marks.Count > 0 && marks.All(m => m.SequenceEqual(marks[0])) ? marks[0] : [];
        return Data(figure, [], series, phases);
    }

    private static OfaExpException Ambiguous(FigureSpec spec, string label, IReadOnlyList<Curve> curves)
    {
        var keys = curves.SelectMany(c => c.Lineage.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(k => !spec.SeriesKeys.Contains(k))
            .Where(k => curves.Select(c => c.Lineage.Setting(k)).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToList();
        var advice = keys.Count > 0
            ? $"Add the key that tells them apart to series (they differ in: {string.Join(", ", keys)}), average it with mean_over, or narrow the runs with where."
            : "Add a key that tells them apart to series, or narrow the runs with where.";
        return FigureError.At(spec.Location,
            $"Figure '{spec.Name}': {curves.Count} lineages give the series '{label}', but a series draws one curve. {advice}");
    }

    /// <summary>Lineages from parent links alone: each run no other run names as its parent, back to its root.</summary>
    private static IReadOnlyList<PlannedPoint> Chains(IReadOnlyList<RecordedRun> all)
    {
        var byId = all.GroupBy(r => r.Run.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Run, StringComparer.Ordinal);
        var parents = all.Select(r => r.Run.ParentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return byId.Values.Where(r => !parents.Contains(r.Id)).OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select((leaf, index) =>
            {
                var chain = new List<string>();
                for (RunRecord? run = leaf; run is not null && !chain.Contains(run.Id); run = run.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
                {
                    chain.Insert(0, run.Id);
                }

                return new PlannedPoint(leaf.Experiment, index, "", "{}", chain);
            })
            .ToList();
    }

    private static FigureData Data(CompiledFigure figure, IReadOnlyList<string> categories, IReadOnlyList<FigureSeries> series, IReadOnlyList<PhaseMark> phases)
    {
        var spec = figure.Spec;
        return new FigureData(
            spec.Name,
            spec.Kind,
            spec.Title ?? spec.Name.Replace('_', ' '),
            spec.XLabel ?? figure.DefaultXLabel,
            spec.YLabel ?? spec.Y.Trim(),
            categories,
            series,
            phases,
            spec.Kind == FigureKind.Bars && spec.MeanOver is not null ? spec.Error : FigureErrorKind.None);
    }

    /// <summary>Key tuples sorted like table rows; a leading phase key follows the pipeline instead.</summary>
    private static List<IReadOnlyList<string>> Ordered(IEnumerable<IReadOnlyList<string>> keys, bool phaseFirst, IReadOnlyList<string> phaseOrder)
    {
        var distinct = keys.DistinctBy(SeriesLabel).ToList();
        distinct.Sort(CellOrder.Instance);
        if (!phaseFirst)
        {
            return distinct;
        }

        var rank = phaseOrder.Select((phase, i) => (phase, i)).ToDictionary(x => x.phase, x => x.i, StringComparer.Ordinal);
        return distinct.OrderBy(k => k.Count > 0 ? rank.GetValueOrDefault(k[0], int.MaxValue) : -1).ToList();
    }

    /// <summary>The legend text of a series: its key values, comma-separated; an empty value reads "(none)".</summary>
    internal static string SeriesLabel(IReadOnlyList<string> keys) =>
        keys.Count == 0 ? "" : string.Join(", ", keys.Select(k => k.Length == 0 ? "(none)" : k));

    // An explicit left-to-right sum, so a mean is bit-for-bit reproducible.
    private static double Sum(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>One lineage's included runs laid end to end: per run, its keys and its points.</summary>
    private sealed class Curve(TableLineage lineage)
    {
        public TableLineage Lineage { get; } = lineage;

        public List<string> RunIds { get; } = [];

        public List<(IReadOnlyList<string> Keys, string Mean, IReadOnlyList<FigurePoint> Points)> Segments { get; } = [];

        public List<PhaseMark> Marks { get; } = [];

        public IEnumerable<FigurePoint> Points => Segments.SelectMany(s => s.Points);

        /// <summary>What the curve draws: each run with points, with its series label and mean-over value.</summary>
        public string Key => string.Join(
            "\u0001",
            Segments.Select((s, i) => (s, Run: RunIds[i]))
                .Where(x => x.s.Points.Count > 0)
                .Select(x => $"{x.Run}\u0002{SeriesLabel(x.s.Keys)}\u0002{x.s.Mean}"));

        public void Add(string run, string phase, int start, IReadOnlyList<string> keys, string mean, IReadOnlyList<FigurePoint> points)
        {
            RunIds.Add(run);
            Segments.Add((keys, mean, points));
            if (points.Count > 0)
            {
                // Halfway between the phase's first point and the previous phase's last one.
                Marks.Add(new PhaseMark(start + 0.5, phase));
            }
        }

        public IReadOnlyList<FigurePoint> PointsWhere(Func<(IReadOnlyList<string> Keys, string Mean, IReadOnlyList<FigurePoint> Points), bool> keep) =>
            Segments.Where(keep).SelectMany(s => s.Points).ToList();
    }
}
