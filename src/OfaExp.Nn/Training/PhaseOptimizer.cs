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
    /// Gives every parameter a (zero) gradient tensor. TorchSharp's zero_grad zeroes gradients rather than dropping
    /// them, so a parameter that was active once keeps getting momentum and weight-decay updates while inactive, but
    /// one never active yet is skipped. A run resumed from a checkpoint starts with no gradients at all and would
    /// skip parameters that the uninterrupted run updates. Materializing all gradients at the start of every attempt
    /// makes both runs see the same rule: every parameter is stepped every step, with a zero gradient when its
    /// subnet slice was not sampled.
    /// </summary>
    public static void MaterializeGradients(nn.Module net, SGD optimizer)
    {
        ArgumentNullException.ThrowIfNull(net);
        using (NewDisposeScope())
        {
            Tensor? total = null;
            foreach (var p in net.parameters())
            {
                var zero = p.sum() * 0;
                total = total is null ? zero : total + zero;
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
