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

        var rows = runs
            .Where(r => r.Run.Status == RunStatus.Done)
            .Select(r => new RunView(r))
            .Where(v => table.Where is null || table.Where.Matches(v))
            .Select(v => (View: v, Keys: table.Rows.Select(v.Key).ToList()))
            .ToList();

        // The run id breaks ties only so that a duplicate-row error always names the same runs.
        rows.Sort((x, y) =>
        {
            var byKeys = CellOrder.Instance.Compare(x.Keys, y.Keys);
            return byKeys != 0 ? byKeys : string.CompareOrdinal(x.View.Recorded.Run.Id, y.View.Recorded.Run.Id);
        });
        RejectDuplicates(table, rows);

        var header = table.Rows.Concat(table.Columns.Select(c => c.Spec.Column)).ToList();
        var cells = rows
            .Select(r => (IReadOnlyList<string>)r.Keys.Concat(table.Columns.Select(c => c.Cell(r.View.Recorded))).ToList())
            .ToList();
        return new Table(table.Name, header, cells);
    }

    private static void RejectDuplicates(CompiledTable table, List<(RunView View, List<string> Keys)> sorted)
    {
        for (var start = 0; start < sorted.Count;)
        {
            var end = start + 1;
            while (end < sorted.Count && CellOrder.Instance.Compare(sorted[start].Keys, sorted[end].Keys) == 0)
            {
                end++;
            }

            if (end - start > 1)
            {
                throw DuplicateRow(table, sorted.GetRange(start, end - start).Select(r => r.View).ToList(), sorted[start].Keys);
            }

            start = end;
        }
    }

    // Silently picking one run, or averaging them, would hide a sweep dimension; the user decides which.
    private static OfaExpException DuplicateRow(CompiledTable table, IReadOnlyList<RunView> runs, IReadOnlyList<string> keys)
    {
        var row = table.Rows.Count == 0
            ? "the single row (the table has no row keys)"
            : "the row (" + string.Join(", ", table.Rows.Select((k, i) => $"{k}={keys[i]}")) + ")";
        var ids = string.Join(", ", runs.Select(r => r.ShortId));

        var candidates = new[] { RowKeys.Experiment, RowKeys.Phase }
            .Concat(runs.SelectMany(r => r.Config.Inputs.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var differing = candidates
            .Where(k => !table.Rows.Contains(k, StringComparer.Ordinal))
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
