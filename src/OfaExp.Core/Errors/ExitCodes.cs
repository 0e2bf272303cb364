namespace OfaExp.Core.Errors;

/// <summary>Process exit codes of the ofaexp tool (documented in README.md and docs/design.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;
    public const int Internal = 3;

    /// <summary>Stopped by SIGINT (Ctrl+C) after checkpointing: 128 + 2, what a shell reports for a process SIGINT ended.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Stopped by SIGTERM (Slurm's time limit or preemption, <c>kill</c>) after checkpointing: 128 + 15, so a job script
    /// or scheduler sees the same status as for a process SIGTERM ended, and can requeue it.
    /// </summary>
    public const int Terminated = 143;
}
