using OfaExp.Core.Errors;
using OfaExp.Core.Spec;

namespace OfaExp.Nn.Training;

/// <summary>The phase trainers by PhaseSpec.Kind. Immutable; new kinds are added here.</summary>
public static class PhaseTrainers
{
    private static readonly IReadOnlyDictionary<string, IPhaseTrainer> ByKind =
        new IPhaseTrainer[] { new FullPhaseTrainer(), new ShrinkingPhaseTrainer("kernel"), new ShrinkingPhaseTrainer(PhaseKind.Level), new ShrinkingPhaseTrainer(PhaseKind.Height), new ShrinkingPhaseTrainer("depth"), new ShrinkingPhaseTrainer("expand"), new Search.AccuracyDatasetTrainer(), new Search.PredictorTrainer(), new Search.LatencyTableTrainer(), new Search.SearchTrainer(), new Import.ImportTrainer() }.ToDictionary(t => t.Kind, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Kinds => ByKind.Keys.Order(StringComparer.Ordinal).ToArray();

    /// <exception cref="OfaExpException">No trainer handles <paramref name="kind"/>.</exception>
    public static IPhaseTrainer For(string kind) =>
        ByKind.TryGetValue(kind, out var trainer)
            ? trainer
            : throw new OfaExpException($"Phase kind '{kind}' has no trainer; known kinds: {string.Join(", ", Kinds)}.");
}
