using System.Globalization;
using CsvHelper;

namespace OfaExp.Reports;

/// <summary>Renders a built table as CSV: header row always present, "\n" line ends, invariant culture.</summary>
public static class TableCsv
{
    public static string Render(Table table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var options = CsvWriterOptions.Default with { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture };
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
        {
            WriteRecord(csv, table.Header);
            foreach (var row in table.Rows)
            {
                if (row.Count != table.Header.Count)
                {
                    throw new ArgumentException(
                        $"Table '{table.Name}' has a row of {row.Count} cells under a header of {table.Header.Count}.",
                        nameof(table));
                }

                WriteRecord(csv, row);
            }
        }

        return text.ToString();
    }

    private static void WriteRecord(CsvWriter csv, IReadOnlyList<string> cells)
    {
        foreach (var cell in cells)
        {
            csv.WriteField(cell);
        }

        csv.EndRecord();
    }
}
