using System.Runtime.InteropServices;

namespace OfaExp.Nn.Threads;

/// <summary>
/// Switches libgomp's waiting threads between their spin count and its short "throttled" one while libtorch runs.
/// libgomp reads GOMP_SPINCOUNT once, at load, but spins only the throttled count (100 unless OMP_WAIT_POLICY is set)
/// whenever it manages more threads than the process may use cores. So engaging starts an idle team of cores + 1
/// threads on a thread of its own (an OpenMP parallel region whose body is <c>free(NULL)</c>, so no managed code runs on
/// libgomp's threads), which then sleeps; releasing frees that team, and libgomp's count drops back. libtorch's own team
/// and every thread count it uses are untouched: this changes how threads wait, never what they compute.
/// </summary>
internal sealed class GompThrottle
{
    private const int OmpPauseSoft = 1;

    private readonly GompParallel _parallel;
    private readonly OmpPauseResourceAll _pause;
    private readonly nint _free;
    private readonly int _teamSize;
    private ManualResetEventSlim? _release;
    private Thread? _holder;

    private GompThrottle(GompParallel parallel, OmpPauseResourceAll pause, nint free, int cores)
    {
        (_parallel, _pause, _free) = (parallel, pause, free);
        Cores = cores;
        _teamSize = cores + 1;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void GompParallel(nint fn, nint data, uint threads, uint flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int OmpPauseResourceAll(int kind);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int OmpGetNumProcs();

    /// <summary>The cores libgomp counts (its affinity mask at load): more managed threads than these throttle.</summary>
    public int Cores { get; }

    public bool Engaged => _holder is not null;

    /// <summary>The libgomp libtorch loaded (found among this process's mapped files), or null when none is loaded.</summary>
    public static GompThrottle? Find()
    {
        var path = LoadedGomp();
        if (path is null || !NativeLibrary.TryLoad(path, out var gomp)
            || !NativeLibrary.TryGetExport(gomp, "GOMP_parallel", out var parallel)
            || !NativeLibrary.TryGetExport(gomp, "omp_pause_resource_all", out var pause)
            || !NativeLibrary.TryGetExport(gomp, "omp_get_num_procs", out var procs)
            || !NativeLibrary.TryLoad("libc.so.6", out var libc)
            || !NativeLibrary.TryGetExport(libc, "free", out var free))
        {
            return null;
        }

        var cores = Marshal.GetDelegateForFunctionPointer<OmpGetNumProcs>(procs)();
        return new GompThrottle(
            Marshal.GetDelegateForFunctionPointer<GompParallel>(parallel), Marshal.GetDelegateForFunctionPointer<OmpPauseResourceAll>(pause), free, cores);
    }

    /// <summary>Starts the idle team and returns once it exists.</summary>
    public void Engage()
    {
        if (_holder is not null)
        {
            return;
        }

        var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var holder = new Thread(() =>
        {
            _parallel(_free, 0, (uint)_teamSize, 0);
            started.Set();
            release.Wait();
            // Frees this thread's team now, not at thread exit, so that the count is back down when Release returns.
            _ = _pause(OmpPauseSoft);
        })
        { IsBackground = true, Name = "ofaexp gomp throttle" };
        holder.Start();
        started.Wait();
        (_release, _holder) = (release, holder);
    }

    /// <summary>Frees the idle team and returns once it is gone.</summary>
    public void Release()
    {
        if (_holder is null)
        {
            return;
        }

        _release!.Set();
        _holder.Join();
        _release.Dispose();
        (_release, _holder) = (null, null);
    }

    /// <summary>The path of the libgomp mapped into this process, or null.</summary>
    internal static string? LoadedGomp()
    {
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : null)
                .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libgomp", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
