using System.Runtime.InteropServices;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The canonical path of a file or directory (every symlink and '..' resolved), through libc's realpath: .NET only
/// resolves a link's own target, not links among its parent directories, and the walk's loop guard needs one key per
/// directory however it was reached.
/// </summary>
internal static partial class RealPath
{
    public static string Of(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            // A path that vanished during the walk: its full path is key enough, nothing will be listed under it.
            return Path.GetFullPath(path);
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved) ?? Path.GetFullPath(path);
        }
        finally
        {
            free(resolved);
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe blocks for the string; DllImport marshals UTF-8 on Linux.
    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern IntPtr realpath(string path, IntPtr resolved);

    [DllImport("libc")]
    private static extern void free(IntPtr pointer);
#pragma warning restore SYSLIB1054
}
