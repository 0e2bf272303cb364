namespace OfaExp.Core.Spec;

/// <summary>
/// Knowledge distillation in progressive-shrinking phases: loss = <see cref="Ratio"/> * KD + label-smoothed CE
/// (OFA: ratio 1.0, no temperature). <see cref="Ratio"/> 0 or <see cref="Loss"/> "none" turns distillation off, and
/// such a phase has no teacher. <see cref="Loss"/> names the KD term (docs/experiments.md defines each):
/// "logits" (OFA) = CE(student, softmax(teacher's final output)), the final output being the last exit;
/// "ens" (OFAv2 ENS-KD, early-exit supernets) = CE(student, softmax(sum_i v_i z_i)), the weighted ensemble of all
/// teacher exits; "exit" (per-exit matching, early-exit supernets) = CE(student, softmax(teacher's logits at the
/// student's exit)); "kl" (Hinton et al.) = T^2 x KL(softmax(teacher / T) || softmax(student / T)) with T =
/// <see cref="Temperature"/> against the teacher's final output.
/// </summary>
public sealed record KdSpec(double Ratio, string Loss, double Temperature = 1.0)
{
    public const string NoneLoss = "none";

    public const string LogitsLoss = "logits";

    public const string EnsembleLoss = "ens";

    public const string ExitLoss = "exit";

    public const string KlLoss = "kl";

    public static IReadOnlyList<string> Losses { get; } = [NoneLoss, LogitsLoss, EnsembleLoss, ExitLoss, KlLoss];

    /// <summary>The losses that read several teacher exits, so they need an early-exit supernet.</summary>
    public static IReadOnlyList<string> MultiExitLosses { get; } = [EnsembleLoss, ExitLoss];

    public bool Enabled => Ratio > 0 && Loss != NoneLoss;
}
