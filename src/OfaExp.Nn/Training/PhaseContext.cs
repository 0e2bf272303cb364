using OfaExp.Core.Execution;
using OfaExp.Core.Spec;

namespace OfaExp.Nn.Training;

/// <summary>Everything a phase trainer gets from the executor.</summary>
/// <param name="Spec">The sweep point's resolved experiment.</param>
/// <param name="Phase">The phase to train (one of Spec.Phases).</param>
/// <param name="Recorder">Metrics, checkpoints and heartbeats of this run.</param>
/// <param name="Progress">Optional progress sink; reports are throttled.</param>
/// <param name="ParentModel">The parent phase's final model bytes (PhaseOutcome.ModelBytes); null for a first phase.</param>
/// <param name="TeacherModel">The teacher run's best-epoch model bytes (hash-verified); null when the phase does not distill.</param>
public sealed record PhaseContext(
    ExperimentSpec Spec,
    PhaseSpec Phase,
    IRunRecorder Recorder,
    IProgress<TrainProgress>? Progress = null,
    byte[]? ParentModel = null,
    byte[]? TeacherModel = null)
{
    /// <summary>
    /// The final model of the nearest ancestor run whose kind has the given role (hash-verified), or null: a search
    /// phase reads its lineage's supernet, accuracy data set, predictor and latency table this way.
    /// </summary>
    public Func<PhaseRole, byte[]?> AncestorModel { get; init; } = _ => null;

    /// <summary>Where the run's time goes; the trainers time their work in it and the caller reads it when they return.</summary>
    public PhaseTimings Timings { get; init; } = new();

    /// <summary>The nearest ancestor's model for <paramref name="role"/>, or bad input naming <paramref name="what"/> and the phases that make it.</summary>
    /// <exception cref="Core.Errors.OfaExpException">No ancestor of that role.</exception>
    public byte[] RequiredAncestor(PhaseRole role, string what, string phases) =>
        AncestorModel(role) ?? throw new Core.Errors.OfaExpException(
            $"Phase '{Phase.Name}' needs {what}, but no {phases} phase comes before it in the pipeline.");
}
