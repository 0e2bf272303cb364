using System.Runtime.InteropServices;

namespace OfaExp.Cli;

/// <summary>
/// glibc's allocator hands libtorch's large tensors fresh pages: blocks over the mmap threshold are mapped and unmapped
/// per allocation, and freed memory at the top of the heap is trimmed back to the kernel, so every training step
/// faults in and zeroes its activations again (about 9,000 page faults a step in `bench train`). Raising the mmap
/// threshold to glibc's maximum (32 MiB) and the trim threshold to 1 GiB keeps those pages in the process for reuse.
/// Changes only timing and resident memory, never a result; skipped when the user tunes malloc (MALLOC_* variables).
/// </summary>
internal static partial class MallocPolicy
{
    private const int TrimThreshold = -1;
    private const int MmapThreshold = -3;

    public static void Apply()
    {
        if (Environment.GetEnvironmentVariables().Keys.Cast<string>().Any(k => k.StartsWith("MALLOC_", StringComparison.Ordinal))
            || Environment.GetEnvironmentVariable("OFAEXP_MALLOC_DEFAULT") is not null)
        {
            return;
        }

        _ = MallOpt(MmapThreshold, 32 << 20);
        _ = MallOpt(TrimThreshold, 1 << 30);
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int MallOpt(int param, int value);
}
