using System.Runtime.InteropServices;

namespace OfaExp.Cli;

/// <summary>
/// How long libtorch's OpenMP threads (GNU libgomp) spin before they sleep while waiting for work. libgomp's default
/// (300,000 spins) assumes the cores are its own: beside one busy process on 2 cores a training step got 3.7x slower
/// (`bench train --contended`), against about 1.6x with 300 spins, which costs nothing measurable on a quiet machine;
/// OMP_WAIT_POLICY=PASSIVE (no spinning) contends as well but is about 10 % slower when quiet. So 300 is the default
/// unless the user set either variable. It changes only timing, never a result.
/// </summary>
internal static partial class WaitPolicy
{
    public const string SpinCount = "300";

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
    }

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
