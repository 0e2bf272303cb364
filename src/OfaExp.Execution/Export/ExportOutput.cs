using OfaExp.Core.Errors;

namespace OfaExp.Execution.Export;

/// <summary>
/// Where an export is written: the path checked before any work (its directory must exist), and the bytes written
/// beside it under a temporary name and renamed, so the path holds either its old content or the whole export,
/// never part of one.
/// </summary>
internal static class ExportOutput
{
    /// <summary>The full path, after checking that a file can be created beside it, before any export work is done.</summary>
    /// <exception cref="OfaExpException">The directory is missing or cannot be written, or the path is a directory (exit 2).</exception>
    public static string Check(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new OfaExpException($"--out {path}: the directory {directory} does not exist; create it or give another path.");
        }

        if (Directory.Exists(full))
        {
            throw new OfaExpException($"--out {path} is a directory; give a file path, e.g. {Path.Combine(path, "subnet.onnx")}.");
        }

        // A probe file: permissions, read-only mounts and full disks refuse it here, not after the export's work.
        Write(full, [], probeOnly: true);
        return full;
    }

    /// <exception cref="OfaExpException">The directory cannot be written (exit 2); nothing is left behind.</exception>
    public static void Write(string fullPath, byte[] bytes, bool probeOnly = false)
    {
        var directory = Path.GetDirectoryName(fullPath)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (probeOnly)
            {
                File.Delete(temporary);
                return;
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // Nothing was created there, or it cannot be removed either; the error below is the one to report.
            }

            throw new OfaExpException($"--out {fullPath}: cannot write in {directory} ({e.Message.TrimEnd('.')}); nothing was written. Give a writable directory.", ExitCodes.BadInput, e);
        }
    }
}
