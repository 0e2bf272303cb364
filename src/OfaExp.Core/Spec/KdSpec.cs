namespace OfaExp.Core.Spec;

/// <summary>
/// Knowledge distillation in progressive-shrinking phases: loss = <see cref="Ratio"/> * KD + label-smoothed CE
/// (OFA: ratio 1.0, no temperature). <see cref="Ratio"/> 0 turns distillation off, and such a phase has no teacher.
/// <see cref="Loss"/> names the KD term: "logits" = CE(student, softmax(teacher logits)).
/// </summary>
public sealed record KdSpec(double Ratio, string Loss)
{
    public const string LogitsLoss = "logits";

    public static IReadOnlyList<string> Losses { get; } = [LogitsLoss];

    public bool Enabled => Ratio > 0;
}
