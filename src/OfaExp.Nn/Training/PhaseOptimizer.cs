using OfaExp.Core.Spec;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// The SGD every phase uses: (Nesterov) momentum, weight decay on conv/linear weights only (OFA's no_decay_keys:
/// BN and bias), starting at the phase's batch-size-scaled LR; the schedule sets the LR before every step.
/// </summary>
public static class PhaseOptimizer
{
    public static SGD Create(nn.Module net, PhaseSpec phase)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(phase);
        var groups = WeightDecayGroups.Split(net);
        return new SGD(
            [Group(groups.Decay, phase, phase.WeightDecay), Group(groups.NoDecay, phase, 0)],
            lr: phase.ScaledLr,
            momentum: phase.Momentum,
            nesterov: phase.Nesterov);
    }

    /// <summary>Sets the LR of every parameter group.</summary>
    public static void SetLearningRate(SGD optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }
    }

    /// <summary>
    /// Which parameters the optimiser steps, in <c>net.parameters()</c> order: those that have a gradient tensor.
    /// As in the reference implementations, a parameter that no sampled subnet has used yet in this phase has no
    /// gradient and is not stepped (no momentum, no weight decay: an exit head a phase never opens keeps its
    /// weights); once used, TorchSharp's zero_grad zeroes its gradient rather than dropping it, so it is stepped
    /// every step after, with a zero gradient when unused. Checkpoints record this set so a resumed run follows the
    /// same rule as an uninterrupted one.
    /// </summary>
    public static bool[] Stepped(nn.Module net)
    {
        ArgumentNullException.ThrowIfNull(net);
        return [.. net.parameters().Select(p => p.grad is not null)];
    }

    /// <summary>Gives exactly the parameters marked in <paramref name="stepped"/> a zero gradient (a resumed run starts with none).</summary>
    /// <exception cref="InvalidDataException">The flags are not one per parameter of <paramref name="net"/>.</exception>
    public static void RestoreStepped(nn.Module net, SGD optimizer, IReadOnlyList<bool> stepped)
    {
        ArgumentNullException.ThrowIfNull(net);
        ArgumentNullException.ThrowIfNull(stepped);
        var parameters = net.parameters().ToList();
        if (parameters.Count != stepped.Count)
        {
            throw new InvalidDataException($"it flags {stepped.Count} parameters as stepped, and this network has {parameters.Count}");
        }

        using (NewDisposeScope())
        {
            Tensor? total = null;
            for (var i = 0; i < parameters.Count; i++)
            {
                if (stepped[i])
                {
                    var zero = parameters[i].sum() * 0;
                    total = total is null ? zero : total + zero;
                }
            }

            total?.backward();
        }

        optimizer.zero_grad();
    }

    private static SGD.ParamGroup Group(IEnumerable<(string Name, Parameter Parameter)> parameters, PhaseSpec phase, double weightDecay) =>
        new(parameters.Select(p => p.Parameter), new SGD.Options
        {
            LearningRate = phase.ScaledLr,
            momentum = phase.Momentum,
            dampening = 0,
            weight_decay = weightDecay,
            nesterov = phase.Nesterov,
            maximize = false,
        });
}
