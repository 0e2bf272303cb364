namespace OfaExp.Nn.Threads;

/// <summary>
/// When libtorch's waiting threads may spin: only while the cores its threads need are not wanted by another process.
/// A spinning thread holds its core between parallel regions, which on an otherwise idle machine saves the sleep and
/// wake-up of every short kernel (2 threads: a training step about 1.5x faster than with 300 spins), and beside a busy
/// process makes each barrier wait for a descheduled thread (several times slower). So the rule stops spinning at the
/// first reading that shows the other processes need more than the cores this process leaves them, and spins again only
/// after <see cref="QuietReadings"/> readings in a row show they do not.
/// </summary>
/// <param name="Cores">The cores libgomp may use.</param>
/// <param name="Threads">This process's training threads.</param>
/// <param name="Margin">Cores of other processes' use tolerated above what this process leaves free (daemons, short commands).</param>
/// <param name="QuietReadings">Quiet readings in a row before spinning again.</param>
public sealed record SpinRule(int Cores, int Threads, double Margin = 0.25, int QuietReadings = 4)
{
    /// <summary>Whether other processes used more than the cores this process leaves them, plus the margin.</summary>
    public bool Contended(double othersCores) => othersCores > Math.Max(0, Cores - Threads) + Margin;

    /// <summary>The state after one reading of the other processes' use.</summary>
    public SpinState Next(SpinState state, double othersCores)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (Contended(othersCores))
        {
            return new SpinState(false, 0);
        }

        if (state.Spinning)
        {
            return state;
        }

        var quiet = state.QuietReadings + 1;
        return quiet >= QuietReadings ? new SpinState(true, 0) : new SpinState(false, quiet);
    }
}
