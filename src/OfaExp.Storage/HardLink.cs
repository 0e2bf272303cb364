using System.Runtime.InteropServices;

namespace OfaExp.Storage;

/// <summary>POSIX link(2): .NET creates symbolic links but not hard ones.</summary>
internal static partial class HardLink
{
    /// <summary>Makes <paramref name="link"/> a second name of <paramref name="target"/>; false where the file system refuses (another device, no hard links).</summary>
    public static bool TryCreate(string target, string link) => Link(target, link) == 0;

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
