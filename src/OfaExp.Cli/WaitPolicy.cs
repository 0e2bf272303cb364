using System.Runtime.InteropServices;
using OfaExp.Nn.Threads;

namespace OfaExp.Cli;

/// <summary>
/// How libtorch's OpenMP threads (GNU libgomp) wait for work between parallel regions. libgomp reads it once, when
/// libtorch loads, so it is chosen before that. By default the tool sets 300 spins: a thread that does not get work
/// within them sleeps, which costs a one-thread run nothing and keeps a process from stealing cores it is not using.
/// When the work ahead has CPU runs with more than one thread (<see cref="Govern"/>), sleeping and being woken for each
/// of a step's many short kernels costs more than the second thread computes (2 threads with 300 spins are slower
/// than 1), and spinning through the gaps makes 2 threads about 1.5x faster than 1 on an idle machine, but a spinning
/// team beside another busy process is several times slower: so the tool then sets a long spin count and lets
/// <see cref="SpinGovernor"/> throttle the spinning whenever other processes want the cores. A user's OMP_WAIT_POLICY
/// or GOMP_SPINCOUNT is respected as given, ungoverned. Only timing depends on any of this, never a result.
/// </summary>
internal static partial class WaitPolicy
{
    public const string QuietSpinCount = "300";
    public const string GovernedSpinCount = "3000000";

    /// <summary>Set for the workers a governed sweep starts: they inherit its spin count, and govern it too.</summary>
    private const string GovernedMarker = "OFAEXP_SPIN_GOVERNED";

    private static bool _owned;

    /// <summary>At startup, before anything touches TorchSharp: the quiet default, unless the user chose.</summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable(GovernedMarker) == "1")
        {
            SpinGovernor.Enable();
            return;
        }

        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null || Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null)
        {
            return;
        }

        Set("GOMP_SPINCOUNT", QuietSpinCount);
        _owned = true;
    }

    /// <summary>
    /// For work with multi-thread CPU runs: the long spin count and the governor, if the tool chose the policy and
    /// libtorch has not loaded yet (then the quiet default stays, which is only slower).
    /// </summary>
    public static void Govern()
    {
        if (!_owned || SpinGovernor.GompLoaded())
        {
            return;
        }

        Set("GOMP_SPINCOUNT", GovernedSpinCount);
        Set(GovernedMarker, "1");
        SpinGovernor.Enable();
    }

    private static void Set(string name, string value)
    {
        // libgomp reads the C environment; .NET's own variable table is what child processes and messages see.
        _ = SetEnv(name, value, 1);
        Environment.SetEnvironmentVariable(name, value);
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
