using OfaExp.Core.Execution;
using OfaExp.Core.Planning;

namespace OfaExp.Cli.Execution;

/// <summary>
/// Trains one planned run. <paramref name="parentModel"/> is the parent run's final weights (null for a first phase);
/// <paramref name="teacherModel"/> the final weights of <see cref="PlannedRun.TeacherId"/> (null when it has none).
/// The real one is <see cref="TorchPhaseTrainer"/>; tests pass their own.
/// </summary>
public delegate PhaseOutcome PhaseTrainer(PlannedRun run, byte[]? parentModel, byte[]? teacherModel, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken cancellationToken);
