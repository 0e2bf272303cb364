using OfaExp.Core.Errors;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>
/// Builds a declared table from recorded runs. A table is a pure function of the runs: only finished runs count,
/// rows are sorted, and every number is written with the invariant culture, so the same store gives the same bytes.
/// </summary>
public static class TableBuilder
{
    /// <summary>
    /// Checks a table spec without data (name, row keys, expressions, formats, where), so a bad spec is reported
    /// before any training starts. Throws <see cref="OfaExpException"/> naming the table and the expected syntax.
    /// </summary>
    public static void Validate(TableSpec spec) => CompiledTable.Compile(spec);

    /// <summary>
    /// <see cref="Validate(TableSpec)"/>, and every metric a metrics table reads must be one of
    /// <paramref name="recorded"/> (what the experiment's phases record): a misspelt metric would otherwise give a
    /// column of empty cells once training is over.
    /// </summary>
    public static void Validate(TableSpec spec, IReadOnlyList<string> recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        var table = CompiledTable.Compile(spec);
        if (table.OverSubnets)
        {
            return;
        }

        foreach (var column in table.Columns.Where(c => !recorded.Contains(c.Expression.Metric, StringComparer.Ordinal)))
        {
            var hint = Core.Config.Suggestions.Closest(column.Expression.Metric, recorded);
            throw TableError.At(column.Spec.Location ?? spec.Location,
                $"Table '{spec.Name}', column '{column.Spec.Column}': no phase of this experiment records the metric " +
                $"'{column.Expression.Metric}'. {(hint is null ? "" : $"Did you mean '{hint}'? ")}" +
                $"Its phases record: {string.Join(", ", recorded)}.");
        }
    }

    /// <summary>
    /// The table over <paramref name="runs"/> (the experiment's runs; those not Done are ignored). With
    /// <paramref name="points"/> (the experiment's sweep points), a run is seen from every lineage that contains it:
    /// a config path the run did not read (teacher.selection, or kd.loss for a full run) takes the lineage's value,
    /// so a run shared by two lineages shows in both of their rows, and <c>final</c> is exact. Without points,
    /// such paths are empty and <c>final</c> marks runs that no given run names as its parent.
    /// </summary>
    public static Table Build(TableSpec spec, IEnumerable<RecordedRun> runs, IEnumerable<PlannedPoint>? points = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var table = CompiledTable.Compile(spec);
        var all = runs.ToList();
        var groups = Groups(table, Items(table, all, points));
        var cells = table.MeanOver is null
            ? groups.Select(g => (g.Keys, Cells: (IReadOnlyList<string>)table.Columns.Select(c => c.Cell(g.Items)).ToList())).ToList()
            : Averaged(table, groups);
        return table.Pivot is null ? Flat(table, cells) : Pivoted(table, cells, PhaseOrder(all));
    }

    /// <summary>
    /// What a table (or figure) is built from: one item per finished run (or per subnet evaluation of one), seen
    /// from every lineage that contains the run, that passes the filter. Shared by tables and figures so both read
    /// the same keys from the same runs.
    /// </summary>
    internal static List<TableItem> Items(CompiledTable table, IReadOnlyList<RecordedRun> all, IEnumerable<PlannedPoint>? points)
    {
        var parents = all.Select(r => r.Run.ParentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var lineages = Lineages(points);
        var byRun = lineages
            .SelectMany(l => l.Point.RunIds.Distinct(StringComparer.Ordinal).Select(id => (Id: id, Lineage: l)))
            .GroupBy(x => x.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Lineage).ToList(), StringComparer.Ordinal);

        IEnumerable<TableItem> ItemsOf(RunView view)
        {
            var id = view.Recorded.Run.Id;
            IEnumerable<(TableLineage? Lineage, bool Final)> seen = byRun.TryGetValue(id, out var owners)
                ? owners.Select(l => ((TableLineage?)l, l.FinalRunId == id))
                : [(null, !parents.Contains(id))];
            foreach (var (lineage, final) in seen)
            {
                if (!table.OverSubnets)
                {
                    yield return new TableItem(view, null, -1, lineage, final);
                    continue;
                }

                for (var e = 0; e < view.Recorded.Evaluations.Count; e++)
                {
                    yield return new TableItem(view, view.Recorded.Evaluations[e], e, lineage, final);
                }
            }
        }

        return all
            .Where(r => r.Run.Status == RunStatus.Done)
            .Select(r => new RunView(r))
            .SelectMany(ItemsOf)
            .Where(i => table.Where is null || table.Where.Matches(i))
            .ToList();
    }

    /// <summary>The sweep points as lineages, in a fixed order (experiment, then point index).</summary>
    internal static List<TableLineage> Lineages(IEnumerable<PlannedPoint>? points) =>
        (points ?? [])
            .OrderBy(p => p.Experiment, StringComparer.Ordinal).ThenBy(p => p.Index)
            .Select(p => new TableLineage(p))
            .ToList();

    /// <summary>
    /// One group per distinct combination of the table's keys, sorted by the keys; a group holding several runs
    /// is an error naming the key that tells them apart.
    /// </summary>
    internal static List<(List<string> Keys, List<TableItem> Items)> Groups(CompiledTable table, IEnumerable<TableItem> items)
    {
        // Items keep their recording order inside a group, which is what first() and last() over evaluations
        // read. A run seen from two lineages that land in one group counts once.
        var groups = items
            .GroupBy(i => string.Join("\u0001", table.Keys.Select(i.Key)), StringComparer.Ordinal)
            .Select(g => (
                Keys: table.Keys.Select(g.First().Key).ToList(),
                Items: g.DistinctBy(i => (i.View.Recorded.Run.Id, i.EvaluationIndex)).ToList()))
            .ToList();

        // The run id breaks ties only so that a duplicate-row error always names the same runs.
        groups.Sort((x, y) =>
        {
            var byKeys = CellOrder.Instance.Compare(x.Keys, y.Keys);
            return byKeys != 0 ? byKeys : string.CompareOrdinal(x.Items[0].View.Recorded.Run.Id, y.Items[0].View.Recorded.Run.Id);
        });
        RejectDuplicates(table, groups);
        return groups;
    }

    /// <summary>
    /// Phases in pipeline order: a phase comes after its parent run's phase; phases the runs do not order (two
    /// branches) fall back to the row-key order. Phases a variant drops (height in a single-exit net) simply
    /// have no edge.
    /// </summary>
    internal static IReadOnlyList<string> PhaseOrder(IReadOnlyList<RecordedRun> runs)
    {
        var phaseOf = runs.GroupBy(r => r.Run.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Run.Phase, StringComparer.Ordinal);
        var phases = runs.Select(r => r.Run.Phase).Distinct(StringComparer.Ordinal).Order(CellOrder.Instance).ToList();
        var before = phases.ToDictionary(p => p, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var run in runs)
        {
            if (run.Run.ParentId is { } parent && phaseOf.TryGetValue(parent, out var parentPhase) && parentPhase != run.Run.Phase)
            {
                before[run.Run.Phase].Add(parentPhase);
            }
        }

        // Kahn's algorithm, always taking the first ready phase in row-key order; a cycle (a pipeline reusing
        // phase names in another order) leaves the rest in row-key order.
        var order = new List<string>();
        var left = new List<string>(phases);
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(p => before[p].All(order.Contains)) ?? left[0];
            order.Add(next);
            left.Remove(next);
        }

        return order;
    }

    /// <summary>
    /// Drops the mean-over key: each value is computed per group (one run each), then averaged, left to right in
    /// key order, over the groups that differ only in that key and have a value.
    /// </summary>
    private static List<(List<string> Keys, IReadOnlyList<string> Cells)> Averaged(
        CompiledTable table, List<(List<string> Keys, List<TableItem> Items)> groups)
    {
        var at = table.Rows.Count;
        return groups
            .Select(g => (Keys: g.Keys.Where((_, i) => i != at).ToList(), Values: table.Columns.Select(c => c.Value(g.Items)).ToList()))
            .GroupBy(g => string.Join("\u0001", g.Keys), StringComparer.Ordinal)
            .Select(g => (
                Keys: g.First().Keys,
                Cells: (IReadOnlyList<string>)table.Columns.Select((c, i) => c.Text(Mean(g.Select(x => x.Values[i])), averaged: true)).ToList()))
            .ToList();
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var value in values.OfType<double>())
        {
            sum += value;
            count++;
        }

        return count == 0 ? null : sum / count;
    }

    private static Table Flat(CompiledTable table, List<(List<string> Keys, IReadOnlyList<string> Cells)> groups)
    {
        var header = table.Rows.Concat(table.Columns.Select(c => c.Spec.Column)).ToList();
        var cells = groups
            .Select(g => (IReadOnlyList<string>)g.Keys.Concat(g.Cells).ToList())
            .ToList();
        return new Table(table.Name, header, cells);
    }

    /// <summary>
    /// The pivot key's values (sorted like row keys; phases in pipeline order) become columns named <c>value_column@pivot_value</c>; a row
    /// without a run for some pivot value has empty cells there.
    /// </summary>
    private static Table Pivoted(CompiledTable table, List<(List<string> Keys, IReadOnlyList<string> Cells)> groups, IReadOnlyList<string> phaseOrder)
    {
        var pivots = groups.Select(g => g.Keys[^1]).Distinct(StringComparer.Ordinal).Order(CellOrder.Instance).ToList();
        if (table.Pivot == RowKeys.Phase)
        {
            var rank = phaseOrder.Select((phase, i) => (phase, i)).ToDictionary(x => x.phase, x => x.i, StringComparer.Ordinal);
            pivots = pivots.OrderBy(p => rank.GetValueOrDefault(p, int.MaxValue)).ToList();
        }

        var header = table.Rows
            .Concat(pivots.SelectMany(p => table.Columns.Select(c => $"{c.Spec.Column}@{p}")))
            .ToList();
        var clash = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new OfaExpException($"Table '{table.Name}': the columns spread over '{table.Pivot}' give the header '{clash.Key}' twice; rename the value column.");
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var row in groups.GroupBy(g => string.Join("\u0001", g.Keys.Take(table.Rows.Count)), StringComparer.Ordinal))
        {
            var byPivot = row.ToDictionary(g => g.Keys[^1], g => g.Cells, StringComparer.Ordinal);
            var cells = row.First().Keys.Take(table.Rows.Count).ToList();
            foreach (var pivot in pivots)
            {
                cells.AddRange(byPivot.TryGetValue(pivot, out var values) ? values : table.Columns.Select(_ => string.Empty));
            }

            rows.Add(cells);
        }

        return new Table(table.Name, header, rows);
    }

    // A row shows one run: a group holding items of several runs would mix them.
    private static void RejectDuplicates(CompiledTable table, List<(List<string> Keys, List<TableItem> Items)> sorted)
    {
        foreach (var group in sorted)
        {
            var views = group.Items.DistinctBy(i => i.View.Recorded.Run.Id).OrderBy(i => i.View.Recorded.Run.Id, StringComparer.Ordinal).ToList();
            if (views.Count > 1)
            {
                throw DuplicateRow(table, views, group.Keys);
            }
        }
    }

    // Silently picking one run, or averaging them, would hide a sweep dimension; the user decides which.
    private static OfaExpException DuplicateRow(CompiledTable table, IReadOnlyList<TableItem> runs, IReadOnlyList<string> keys)
    {
        var row = table.Keys.Count == 0
            ? "the single row (the table has no row keys)"
            : "the row (" + string.Join(", ", table.Keys.Select((k, i) => $"{k}={keys[i]}")) + ")";
        var ids = string.Join(", ", runs.Select(r => r.View.ShortId));

        // A lineage's settings count too: two runs may differ only in teacher.selection, which no run reads.
        var candidates = new[] { RowKeys.Experiment, RowKeys.Phase }
            .Concat(runs.SelectMany(r => r.View.Config.Inputs.Keys.Concat(r.Lineage?.Keys ?? [])).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var differing = candidates
            .Where(k => !table.Keys.Contains(k, StringComparer.Ordinal))
            .Where(k => runs.Select(r => r.Key(k)).Distinct(StringComparer.Ordinal).Skip(1).Any())
            .ToList();
        var advice = differing.Count > 0
            ? $"Add the key that distinguishes them to rows (they differ in: {string.Join(", ", differing)}), "
              + "or narrow the runs with where."
            : "They differ in no config input (only in their parent or dataset), so add 'run' or 'parent' to rows.";

        return new OfaExpException(
            $"Table '{table.Name}': {runs.Count} runs give {row}, but a row shows one run: {ids}. {advice}");
    }
}
