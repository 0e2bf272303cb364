using System.Runtime.InteropServices;
using OfaExp.Nn.Threads;

namespace OfaExp.Cli;

/// <summary>
/// How libtorch's OpenMP threads (GNU libgomp) wait for work between parallel regions. Sleeping and being woken for
/// each of a training step's many short kernels costs more than the second thread computes (2 threads with 300 spins:
/// slower than 1 thread), and spinning through the gaps makes 2 threads about 1.5x faster than 1 on an idle machine;
/// but a spinning team beside another busy process is several times slower (`bench train --contended`). So the tool
/// sets a long spin count and lets <see cref="SpinGovernor"/> throttle the spinning whenever other processes want the
/// cores. A user's OMP_WAIT_POLICY or GOMP_SPINCOUNT is respected as given, ungoverned. Only timing depends on it.
/// </summary>
internal static partial class WaitPolicy
{
    public const string SpinCount = "3000000";

    /// <summary>Sets GOMP_SPINCOUNT for libgomp, which reads it when libtorch loads: call before anything touches TorchSharp.</summary>
    public static void Apply()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is not null || Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is not null)
        {
            return;
        }

        // libgomp reads the C environment; .NET's own variable table is what child processes and messages see.
        _ = SetEnv("GOMP_SPINCOUNT", SpinCount, 0);
        Environment.SetEnvironmentVariable("GOMP_SPINCOUNT", SpinCount);
        SpinGovernor.Enable();
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
