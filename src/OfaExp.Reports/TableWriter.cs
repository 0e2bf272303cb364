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

        var bytes = Utf8NoBom.GetBytes(csv);
        var path = Path.Combine(directory, spec.Name + ".csv");
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        // The temp file sits beside the target so the rename stays on one file system and is atomic.
        var temp = Path.Combine(directory, $".{spec.Name}.csv.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return true;
    }
}
