using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Nn.Training;

/// <summary>The phase trainers by PhaseSpec.Kind. Immutable; new kinds are added here.</summary>
public static class PhaseTrainers
{
    private static readonly IReadOnlyDictionary<PhaseKind, IPhaseTrainer> ByKind =
        new IPhaseTrainer[] { new FullPhaseTrainer(), new ShrinkingPhaseTrainer(PhaseKind.Kernel), new ShrinkingPhaseTrainer(PhaseKind.Level), new ShrinkingPhaseTrainer(PhaseKind.Height), new ShrinkingPhaseTrainer(PhaseKind.Depth), new ShrinkingPhaseTrainer(PhaseKind.Expand), new Search.AccuracyDatasetTrainer(), new Search.PredictorTrainer(), new Search.LatencyTableTrainer(), new Search.SearchTrainer(), new Import.ImportTrainer() }.ToDictionary(t => t.Kind);

    /// <exception cref="OfaExpException">No trainer handles <paramref name="kind"/> (a kind declared before its trainer is written).</exception>
    public static IPhaseTrainer For(PhaseKind kind) =>
        ByKind.TryGetValue(kind, out var trainer)
            ? trainer
            : throw new OfaExpException($"Phase kind '{PhaseKindNames.Spelling.Name(kind)}' has no trainer yet.");
}
