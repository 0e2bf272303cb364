using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>A table spec after validation: everything that can be checked without data has been.</summary>
/// <param name="Pivot">The row key whose values become columns, or null.</param>
/// <param name="MeanOver">The row key whose per-value results are averaged into one cell, or null.</param>
internal sealed record CompiledTable(
    string Name,
    TableSource Source,
    IReadOnlyList<string> Rows,
    string? Pivot,
    IReadOnlyList<TableColumn> Columns,
    WhereFilter? Where,
    string? MeanOver = null)
{
    public bool OverSubnets => Source == TableSource.Subnets;

    /// <summary>Every key that decides which run a cell shows: the row keys, the mean-over key, the pivot key.</summary>
    public IReadOnlyList<string> Keys => [.. Rows, .. MeanOver is null ? [] : new[] { MeanOver }, .. Pivot is null ? [] : new[] { Pivot }];

    public static CompiledTable Compile(TableSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TableName.Check(spec.Name);
        var at = spec.Location;
        var header = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> keys = spec.Rows;
        keys = spec.Columns is null ? keys : keys.Append(spec.Columns);
        keys = spec.MeanOver is null ? keys : keys.Append(spec.MeanOver);
        foreach (var key in keys)
        {
            if (!RowKeys.IsValid(key))
            {
                throw TableError.At(at, $"Table '{spec.Name}': row key '{key}' is not valid. A row key is {RowKeys.Description}.");
            }

            if (RowKeys.IsMisplaced(key, spec.Source))
            {
                throw TableError.At(at, $"Table '{spec.Name}': row key '{key}' is a key of subnet evaluations; add 'source: subnets' to the table to use it.");
            }

            if (!header.Add(key))
            {
                throw TableError.At(at, key == spec.MeanOver
                    ? $"Table '{spec.Name}': mean_over '{key}' is also a row or columns key; a key averaged over cannot also label rows or columns."
                    : $"Table '{spec.Name}': row key '{key}' is listed twice.");
            }
        }

        // The mean-over key has no column of its own.
        if (spec.MeanOver is not null)
        {
            header.Remove(spec.MeanOver);
        }

        // With a pivot, value columns are named per pivot value when the table is built; without, they share
        // the header with the row keys.
        var columns = new List<TableColumn>();
        var valueNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in spec.Values)
        {
            if (string.IsNullOrWhiteSpace(value.Column))
            {
                throw TableError.At(value.Location ?? at, $"Table '{spec.Name}': the value column for '{value.Expression}' has no name.");
            }

            if (!(spec.Columns is null ? header : valueNames).Add(value.Column))
            {
                throw TableError.At(value.Location ?? at,
                    $"Table '{spec.Name}': column '{value.Column}' appears twice (row keys and value columns share one header).");
            }

            columns.Add(TableColumn.Compile(spec.Name, value, spec.Source));
        }

        if (header.Count == 0)
        {
            throw TableError.At(at, $"Table '{spec.Name}' has no row keys and no value columns.");
        }

        if (spec.Columns is not null && columns.Count == 0)
        {
            throw TableError.At(at, $"Table '{spec.Name}': columns: '{spec.Columns}' spreads value columns, but the table has none.");
        }

        if (spec.MeanOver is not null && columns.Count == 0)
        {
            throw TableError.At(at, $"Table '{spec.Name}': mean_over: '{spec.MeanOver}' averages value columns, but the table has none.");
        }

        var where = string.IsNullOrWhiteSpace(spec.Where) ? null : WhereFilter.Parse(spec.Name, spec.Where, spec.Source, at);
        return new CompiledTable(spec.Name, spec.Source, spec.Rows, spec.Columns, columns, where, spec.MeanOver);
    }
}
