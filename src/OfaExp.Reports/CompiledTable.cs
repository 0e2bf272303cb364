using OfaExp.Core.Errors;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>A table spec after validation: everything that can be checked without data has been.</summary>
internal sealed record CompiledTable(
    string Name,
    IReadOnlyList<string> Rows,
    IReadOnlyList<TableColumn> Columns,
    WhereFilter? Where)
{
    public static CompiledTable Compile(TableSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        TableName.Check(spec.Name);

        var header = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in spec.Rows)
        {
            if (!RowKeys.IsValid(key))
            {
                throw new OfaExpException(
                    $"Table '{spec.Name}': row key '{key}' is not valid. A row key is {RowKeys.Description}.");
            }

            if (!header.Add(key))
            {
                throw new OfaExpException($"Table '{spec.Name}': row key '{key}' is listed twice.");
            }
        }

        var columns = new List<TableColumn>();
        foreach (var value in spec.Values)
        {
            if (string.IsNullOrWhiteSpace(value.Column))
            {
                throw new OfaExpException(
                    $"Table '{spec.Name}': the value column for '{value.Expression}' has no name.");
            }

            if (!header.Add(value.Column))
            {
                throw new OfaExpException(
                    $"Table '{spec.Name}': column '{value.Column}' appears twice (row keys and value columns "
                    + "share one header).");
            }

            columns.Add(TableColumn.Compile(spec.Name, value));
        }

        if (header.Count == 0)
        {
            throw new OfaExpException($"Table '{spec.Name}' has no row keys and no value columns.");
        }

        var where = string.IsNullOrWhiteSpace(spec.Where) ? null : WhereFilter.Parse(spec.Name, spec.Where);
        return new CompiledTable(spec.Name, spec.Rows, columns, where);
    }
}
