using OfaExp.Core.Execution;
using OfaExp.Core.Planning;
using OfaExp.Nn.Training;

namespace OfaExp.Cli.Execution;

/// <summary>
/// Binds planned runs to the TorchSharp trainers. Kept in its own type so that commands which never train do not
/// JIT anything that touches TorchSharp (and so never load libtorch).
/// </summary>
public static class TorchPhaseTrainer
{
    public static PhaseOutcome Train(PlannedRun run, byte[]? parentModel, byte[]? teacherModel, Func<OfaExp.Core.Spec.PhaseRole, byte[]?> ancestorModel, IRunRecorder recorder, IProgress<TrainProgress> progress, CancellationToken cancellationToken)
    {
        var phase = run.Spec.Phases[run.Phase];
        return PhaseTrainers.For(phase.Kind).Run(new PhaseContext(run.Spec, phase, recorder, progress, parentModel, teacherModel) { AncestorModel = ancestorModel }, cancellationToken);
    }

    /// <summary>
    /// Fails before any work when a planned search has a FLOPs target outside what its space can reach (known from
    /// the plan alone; a latency range is known once its table is measured, so the search run checks it then).
    /// </summary>
    /// <exception cref="Core.Errors.OfaExpException">A target is out of range (exit 2), naming the experiment.</exception>
    public static void CheckSearchTargets(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var run in plan.Runs)
        {
            var spec = run.Spec;
            if (Core.Spec.PhaseKind.Find(spec.Phases[run.Phase].Kind)?.Role != Core.Spec.PhaseRole.Search
                || spec.Search is not { Efficiency: Core.Search.EfficiencyKind.Flops } search)
            {
                continue;
            }

            try
            {
                Nn.Search.SearchTrainer.CheckTargets(search.Targets, Nn.Search.SearchCosts.Flops(spec.Supernet, spec.Data.Info));
            }
            catch (Core.Errors.OfaExpException e)
            {
                throw new Core.Errors.OfaExpException($"{Path.Combine(spec.Directory, "experiment.yaml")}: search.targets: {e.Message}", e.ExitCode, e);
            }
        }
    }
}
