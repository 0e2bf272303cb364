using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>Training losses.</summary>
public static class Losses
{
    /// <summary>
    /// Cross entropy against (1 - s) x one-hot + s / classes, averaged over the batch: OFA's
    /// cross_entropy_loss_with_soft_target(pred, label_smooth(target, n_classes, s)), which equals PyTorch's
    /// cross_entropy(label_smoothing = s).
    /// </summary>
    public static Tensor LabelSmoothedCrossEntropy(Tensor logits, Tensor labels, double smoothing) =>
        nn.functional.cross_entropy(logits, labels, label_smoothing: smoothing);

    /// <summary>
    /// OFA's distillation term: cross entropy of the student against a soft target distribution (the teacher's
    /// softmax), -sum(target x log_softmax(logits)) averaged over the batch. No temperature, as in OFA.
    /// </summary>
    public static Tensor SoftTargetCrossEntropy(Tensor logits, Tensor target) =>
        (-(target * nn.functional.log_softmax(logits, 1)).sum(1)).mean();

    /// <summary>
    /// Hinton's distillation term: T^2 x KL(softmax(teacher / T) || softmax(student / T)), summed over classes and
    /// averaged over the batch. Zero exactly when the tempered distributions agree.
    /// </summary>
    public static Tensor TemperedKl(Tensor studentLogits, Tensor teacherLogits, double temperature)
    {
        var target = nn.functional.log_softmax(teacherLogits / temperature, 1);
        var student = nn.functional.log_softmax(studentLogits / temperature, 1);
        return (target.exp() * (target - student)).sum(1).mean() * (temperature * temperature);
    }

    /// <summary>
    /// OFAv2's loss of the maximal early-exit network: sum_i w_i x label-smoothed CE(exit i), the weights growing with
    /// depth so that the last exit dominates (<see cref="Networks.ExitWeights.Values"/>).
    /// </summary>
    public static Tensor WeightedExitLoss(IReadOnlyList<Tensor> exitLogits, Tensor labels, double smoothing)
    {
        ArgumentNullException.ThrowIfNull(exitLogits);
        if (exitLogits.Count == 1)
        {
            return LabelSmoothedCrossEntropy(exitLogits[0], labels, smoothing);
        }

        var weights = Networks.ExitWeights.For(exitLogits.Count);
        var loss = LabelSmoothedCrossEntropy(exitLogits[0], labels, smoothing) * weights[0];
        for (var i = 1; i < exitLogits.Count; i++)
        {
            loss = loss + (LabelSmoothedCrossEntropy(exitLogits[i], labels, smoothing) * weights[i]);
        }

        return loss;
    }
}
