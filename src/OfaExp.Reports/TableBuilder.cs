using OfaExp.Core.Errors;
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

    /// <summary>The table over <paramref name="runs"/> (the experiment's runs; those not Done are ignored).</summary>
    public static Table Build(TableSpec spec, IEnumerable<RecordedRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var table = CompiledTable.Compile(spec);

        var items = runs
            .Where(r => r.Run.Status == RunStatus.Done)
            .Select(r => new RunView(r))
            .SelectMany(v => table.OverSubnets
                ? v.Recorded.Evaluations.Select(e => new TableItem(v, e))
                : [new TableItem(v, null)])
            .Where(i => table.Where is null || table.Where.Matches(i));

        // One group per distinct key combination; items keep their recording order inside a group, which is
        // what first() and last() over evaluations read.
        var groups = items
            .GroupBy(i => string.Join("\u0001", table.Keys.Select(i.Key)), StringComparer.Ordinal)
            .Select(g => (Keys: table.Keys.Select(g.First().Key).ToList(), Items: g.ToList()))
            .ToList();

        // The run id breaks ties only so that a duplicate-row error always names the same runs.
        groups.Sort((x, y) =>
        {
            var byKeys = CellOrder.Instance.Compare(x.Keys, y.Keys);
            return byKeys != 0 ? byKeys : string.CompareOrdinal(x.Items[0].View.Recorded.Run.Id, y.Items[0].View.Recorded.Run.Id);
        });
        RejectDuplicates(table, groups);

        return table.Pivot is null ? Flat(table, groups) : Pivoted(table, groups);
    }

    private static Table Flat(CompiledTable table, List<(List<string> Keys, List<TableItem> Items)> groups)
    {
        var header = table.Rows.Concat(table.Columns.Select(c => c.Spec.Column)).ToList();
        var cells = groups
            .Select(g => (IReadOnlyList<string>)g.Keys.Concat(table.Columns.Select(c => c.Cell(g.Items))).ToList())
            .ToList();
        return new Table(table.Name, header, cells);
    }

    /// <summary>
    /// The pivot key's values (sorted like row keys) become columns named <c>value_column@pivot_value</c>; a row
    /// without a run for some pivot value has empty cells there.
    /// </summary>
    private static Table Pivoted(CompiledTable table, List<(List<string> Keys, List<TableItem> Items)> groups)
    {
        var pivots = groups.Select(g => g.Keys[^1]).Distinct(StringComparer.Ordinal).Order(CellOrder.Instance).ToList();
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
            var byPivot = row.ToDictionary(g => g.Keys[^1], g => g.Items, StringComparer.Ordinal);
            var cells = row.First().Keys.Take(table.Rows.Count).ToList();
            foreach (var pivot in pivots)
            {
                cells.AddRange(table.Columns.Select(c => byPivot.TryGetValue(pivot, out var items) ? c.Cell(items) : string.Empty));
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
            var views = group.Items.Select(i => i.View).DistinctBy(v => v.Recorded.Run.Id).OrderBy(v => v.Recorded.Run.Id, StringComparer.Ordinal).ToList();
            if (views.Count > 1)
            {
                throw DuplicateRow(table, views, group.Keys);
            }
        }
    }

    // Silently picking one run, or averaging them, would hide a sweep dimension; the user decides which.
    private static OfaExpException DuplicateRow(CompiledTable table, IReadOnlyList<RunView> runs, IReadOnlyList<string> keys)
    {
        var row = table.Keys.Count == 0
            ? "the single row (the table has no row keys)"
            : "the row (" + string.Join(", ", table.Keys.Select((k, i) => $"{k}={keys[i]}")) + ")";
        var ids = string.Join(", ", runs.Select(r => r.ShortId));

        var candidates = new[] { RowKeys.Experiment, RowKeys.Phase }
            .Concat(runs.SelectMany(r => r.Config.Inputs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
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
