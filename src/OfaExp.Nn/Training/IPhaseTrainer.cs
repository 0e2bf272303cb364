using OfaExp.Core.Execution;
using OfaExp.Core.Spec;

namespace OfaExp.Nn.Training;

/// <summary>
/// Trains one phase kind (PhaseSpec.Kind). Implementations checkpoint through the recorder after every epoch, resume
/// from its latest checkpoint, and end bit-identical whether or not they were interrupted.
/// </summary>
public interface IPhaseTrainer
{
    /// <summary>The PhaseSpec.Kind this trainer handles.</summary>
    PhaseKind Kind { get; }

    /// <exception cref="Core.Errors.OfaExpException">Bad data/config or an unreadable checkpoint (nothing was written).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the last saved checkpoint is where a rerun resumes.</exception>
    PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken);
}
