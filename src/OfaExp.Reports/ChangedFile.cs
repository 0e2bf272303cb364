namespace OfaExp.Reports;

/// <summary>
/// Writes a generated file (a table, a figure) only when its bytes differ from what is there, atomically: a reader
/// sees the old file or the new one, never half of one, and an unchanged output keeps its timestamp.
/// </summary>
public static class ChangedFile
{
    /// <returns>Whether the file was written (false: it already held exactly these bytes).</returns>
    public static bool Write(string directory, string name, ReadOnlySpan<byte> bytes)
    {
        var path = Path.Combine(directory, name);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        Directory.CreateDirectory(directory);
        // The temp file sits beside the target so the rename stays on one file system and is atomic.
        var temp = Path.Combine(directory, $".{name}.{Guid.NewGuid():N}.tmp");
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
