using System.Text;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>Writes a rendered table to <c>&lt;directory&gt;/&lt;name&gt;.csv</c>.</summary>
public static class TableWriter
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Writes the table atomically (temp file + rename), and only when its bytes differ from the file on disk, so
    /// regenerating unchanged tables leaves files and their modification times alone. Returns whether it wrote.
    /// </summary>
    public static bool Write(string directory, TableSpec spec, string csv)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(csv);
        TableName.Check(spec.Name);

        return ChangedFile.Write(directory, spec.Name + ".csv", Utf8NoBom.GetBytes(csv));
    }
}
