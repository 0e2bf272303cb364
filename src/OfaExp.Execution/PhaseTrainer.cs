using OfaExp.Core.Execution;
using OfaExp.Core.Planning;

namespace OfaExp.Execution;

/// <summary>
/// Trains one planned run. <paramref name="parentModel"/> is the parent run's final weights (null for a first phase);
/// <paramref name="teacherModel"/> the final weights of <see cref="PlannedRun.TeacherId"/> (null when it has none).
/// <paramref name="ancestorModel"/> gives the final model of the nearest ancestor run whose kind has a role (the search
/// phases read the supernet, data set, predictor and latency table of their lineage), or null.
/// The real one is the Cli's TorchPhaseTrainer; tests pass their own.
/// </summary>
public delegate PhaseOutcome PhaseTrainer(PlannedRun run, byte[]? parentModel, byte[]? teacherModel, Func<OfaExp.Core.Spec.PhaseRole, byte[]?> ancestorModel, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken cancellationToken);
