namespace OfaExp.Core.Spec;

/// <summary>
/// Knowledge distillation in progressive-shrinking phases: loss = <see cref="Ratio"/> * KD + label-smoothed CE
/// (OFA: ratio 1.0, no temperature). <see cref="Ratio"/> 0 turns distillation off, and such a phase has no teacher.
/// <see cref="Loss"/> names the KD term: "logits" (OFA) = CE(student, softmax(teacher logits)); "kl" (Hinton et al.)
/// = T^2 x KL(softmax(teacher / T) || softmax(student / T)) with T = <see cref="Temperature"/>, which softens both
/// distributions so that the teacher's ranking of wrong classes carries signal; T^2 keeps gradient scale comparable.
/// </summary>
public sealed record KdSpec(double Ratio, string Loss, double Temperature = 1.0)
{
    public const string LogitsLoss = "logits";

    public const string KlLoss = "kl";

    public static IReadOnlyList<string> Losses { get; } = [LogitsLoss, KlLoss];

    public bool Enabled => Ratio > 0;
}
