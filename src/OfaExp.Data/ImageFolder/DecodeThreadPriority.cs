using System.Globalization;
using System.Runtime.InteropServices;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The scheduling priority (nice value) of a decode thread. Experimental: OFAEXP_DECODE_NICE=N (1..19) lowers the
/// calling thread's priority so that it yields the cores to libtorch's threads and fills their idle moments; unset,
/// nothing changes. Timing only, never a result.
/// </summary>
internal static partial class DecodeThreadPriority
{
    public static void Apply()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("OFAEXP_DECODE_NICE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var nice)
            || nice is < 1 or > 19)
        {
            return;
        }

        _ = SetPriority(0, GetTid(), nice);
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);
}
