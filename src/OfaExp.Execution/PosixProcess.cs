using System.Runtime.InteropServices;

namespace OfaExp.Execution;

/// <summary>Sends a POSIX signal to a process; .NET's Process.Kill only sends SIGKILL, which leaves no checkpoint.</summary>
internal static partial class PosixProcess
{
    private const int SigTerm = 15;

    /// <summary>Asks <paramref name="pid"/> to stop as a scheduler would (SIGTERM): it checkpoints and exits 143.</summary>
    public static void Terminate(int pid) => _ = Kill(pid, SigTerm);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
