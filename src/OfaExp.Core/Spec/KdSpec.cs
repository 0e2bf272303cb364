namespace OfaExp.Core.Spec;

/// <summary>
/// Knowledge distillation in progressive-shrinking phases: loss = <see cref="Ratio"/> * KD + label-smoothed CE
/// (OFA: ratio 1.0, no temperature). <see cref="Ratio"/> 0 or <see cref="KdLoss.None"/> turns distillation off, and
/// such a phase has no teacher. <see cref="Loss"/> names the KD term (docs/experiments.md defines each):
/// "logits" (OFA) = CE(student, softmax(teacher's final output)), the final output being the last exit;
/// "ens" (OFAv2 ENS-KD, early-exit supernets) = CE(student, softmax(sum_i v_i z_i)), the weighted ensemble of all
/// teacher exits; "exit" (per-exit matching, early-exit supernets) = CE(student, softmax(teacher's logits at the
/// student's exit)); "kl" (Hinton et al.) = T^2 x KL(softmax(teacher / T) || softmax(student / T)) with T =
/// <see cref="Temperature"/> against the teacher's final output.
/// </summary>
public sealed record KdSpec(double Ratio, KdLoss Loss, double Temperature = 1.0)
{
    /// <summary>Whether the loss reads the teacher's early exits (ens, exit), which only early-exit supernets have.</summary>
    public bool UsesTeacherExits => Loss is KdLoss.Ensemble or KdLoss.Exit;

    public bool Enabled => Ratio > 0 && Loss != KdLoss.None;
}
