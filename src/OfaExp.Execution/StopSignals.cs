using System.Runtime.InteropServices;
using OfaExp.Core.Errors;

namespace OfaExp.Execution;

/// <summary>
/// Turns SIGTERM (what Slurm sends at the time limit and on preemption, and what <c>kill</c> sends) and SIGINT
/// (Ctrl+C) into a cancellation: the run in progress saves a checkpoint at its next step boundary, is recorded as
/// interrupted, and the process exits 143 or 130 (<see cref="ExitCode"/>). The first signal decides the exit code.
/// A second SIGINT gets the default action, ending the process at once, as a second Ctrl+C always has; a second
/// SIGTERM is ignored, because a scheduler may repeat it while the checkpoint is being written (its SIGKILL, if it
/// comes, still ends the process, and the next sweep resumes from the last checkpoint written).
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly Action<string> _note;
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    /// <param name="note">Tells the user that the sweep is stopping (called on the signal handling thread).</param>
    public StopSignals(Action<string> note)
    {
        _note = note;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle), PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle)];
    }

    public CancellationToken Token => _cancel.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received => _received == 0 ? null : (PosixSignal)_received;

    /// <summary>The signal's name for messages ("SIGTERM", "SIGINT"), or "cancelled" before any.</summary>
    public string Reason => Received switch
    {
        PosixSignal.SIGTERM => "SIGTERM",
        PosixSignal.SIGINT => "SIGINT",
        _ => "cancelled",
    };

    /// <summary>The exit code of a sweep this stopped: 143 after SIGTERM, 130 after SIGINT.</summary>
    public int ExitCode => Received == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // PosixSignal values are negative, so 0 is free to mean "none yet".
        if (Interlocked.CompareExchange(ref _received, (int)context.Signal, 0) == 0)
        {
            context.Cancel = true;
            _note(context.Signal == PosixSignal.SIGTERM
                ? "SIGTERM received: stopping after the current step, with a checkpoint to resume from."
                : "Stopping after the current step, with a checkpoint to resume from; press Ctrl+C again to abort at once.");
            _cancel.Cancel();
            return;
        }

        context.Cancel = context.Signal == PosixSignal.SIGTERM;
    }
}
