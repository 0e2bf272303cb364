using OfaExp.Core.Spec;

namespace OfaExp.Nn.Training;

/// <summary>
/// The per-step learning rate of a phase, as OFA computes it: during the warm-up epochs a linear ramp
/// lr = (t + 1) / T_warm x (peak - warmup) + warmup (so the last warm-up step reaches the peak), then cosine
/// lr = peak / 2 x (1 + cos(pi t / T)) over the remaining epochs, t counting optimiser steps from 0.
/// </summary>
public sealed record LrSchedule(double WarmupLr, double PeakLr, int WarmupEpochs, int Epochs, int StepsPerEpoch)
{
    /// <summary>The schedule of <paramref name="phase"/>, peaking at its batch-size-scaled LR.</summary>
    public static LrSchedule For(PhaseSpec phase, int stepsPerEpoch) =>
        new(phase.WarmupLr, phase.ScaledLr, phase.WarmupEpochs, phase.Epochs, stepsPerEpoch);

    /// <param name="epoch">0-based epoch of the phase, warm-up epochs included.</param>
    /// <param name="step">0-based optimiser step within the epoch.</param>
    public double At(int epoch, int step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(epoch, WarmupEpochs + Epochs);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(step, StepsPerEpoch);
        if (epoch < WarmupEpochs)
        {
            double current = (epoch * StepsPerEpoch) + step + 1;
            return (current / (WarmupEpochs * StepsPerEpoch) * (PeakLr - WarmupLr)) + WarmupLr;
        }

        double t = ((epoch - WarmupEpochs) * StepsPerEpoch) + step;
        return 0.5 * PeakLr * (1 + Math.Cos(Math.PI * t / (Epochs * StepsPerEpoch)));
    }
}
