using System.Globalization;
using System.Runtime.InteropServices;

namespace OfaExp.Data.ImageFolder;

/// <summary>
/// The scheduling priority (nice value) of a decode thread. On a CPU run the decode threads share the cores with
/// libtorch's, whose parallel regions stall whenever one of their threads is preempted: at nice 19 a decode thread
/// mostly runs while libtorch's threads wait, and a 32 px training step fed by the pipeline went from 11-14 % slower
/// than one fed decoded tensors to 1-7 % (docs/data.md). Where the cores are not oversubscribed (a GPU box with
/// decode threads beside the training thread) the nice value changes nothing. OFAEXP_DECODE_NICE=N (0..19) sets
/// another value, 0 the normal priority. Timing only, never a result.
/// </summary>
internal static partial class DecodeThreadPriority
{
    public const int DefaultNice = 19;

    /// <summary>Lowers the calling thread's priority to <see cref="Nice"/>.</summary>
    public static void Apply()
    {
        if (Nice > 0)
        {
            _ = SetPriority(0, GetTid(), Nice);
        }
    }

    public static int Nice { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("OFAEXP_DECODE_NICE"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var nice)
        && nice is >= 0 and <= 19 ? nice : DefaultNice;

    /// <summary>The calling thread's nice value (for tests).</summary>
    internal static int Current()
    {
        Marshal.SetLastPInvokeError(0);
        return GetPriority(0, GetTid());
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "setpriority")]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "getpriority", SetLastError = true)]
    private static partial int GetPriority(int which, int who);
}
