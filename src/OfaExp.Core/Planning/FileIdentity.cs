using System.Runtime.InteropServices;

namespace OfaExp.Core.Planning;

/// <summary>
/// What stat(2) says of a path (symbolic links followed): its device and inode, which name one real file or directory
/// however many links lead to it, and its type. .NET exposes neither, and the experiment walk needs both: to follow
/// every real directory once (symbolic-link loops) and to refuse a FIFO or device named experiment.yaml, which would
/// block a reader forever. OfaExp targets linux-x64 only, whose struct stat layout this reads.
/// </summary>
internal static partial class FileIdentity
{
    private const uint TypeMask = 0xF000;
    private const uint RegularFile = 0x8000;

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, [Out] byte[] buffer);

    /// <summary>(device, inode, whether it is a regular file), or null when the path cannot be stat-ed.</summary>
    public static (ulong Device, ulong Inode, bool Regular)? Of(string path)
    {
        var buffer = new byte[256];
        if (Stat(path, buffer) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToUInt32(buffer, 24);
        return (BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8), (mode & TypeMask) == RegularFile);
    }
}
