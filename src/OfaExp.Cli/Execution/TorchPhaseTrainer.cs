using System.Reflection;
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
        // An image folder's classes are its folders: counted here, once per run, before the network is sized from them.
        var spec = run.Spec with { Data = Data.DatasetCatalog.WithCounts(run.Spec.Data) };
        var phase = spec.Phases[run.Phase];
        return PhaseTrainers.For(phase.Kind).Run(new PhaseContext(spec, phase, recorder, progress, parentModel, teacherModel) { AncestorModel = ancestorModel }, cancellationToken);
    }

    /// <summary>The TorchSharp version (its assembly's informational version without the commit), for the hardware class.</summary>
    public static string TorchSharpVersion() =>
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString()
        ?? Core.Hardware.HardwareClass.Unknown;

    /// <summary>The model weights inside an epoch checkpoint of <see cref="TrainerCheckpoint"/>'s format.</summary>
    public static byte[] ModelOfCheckpoint(byte[] checkpoint) => TrainerCheckpoint.Parse(checkpoint).Model;

    /// <summary>
    /// Fails before any work when a planned search has a target outside what its space can reach: FLOPs ranges are
    /// known from the plan alone (checked when <paramref name="recordedModel"/> is null, before anything is opened); a
    /// latency range once the lineage's latency table is recorded, which <paramref name="recordedModel"/> (a done
    /// run's model, or null) gives. Without a recorded table the search run
    /// checks its targets when the table exists.
    /// </summary>
    /// <exception cref="Core.Errors.OfaExpException">A target is out of range (exit 2), naming the experiment.</exception>
    public static void CheckSearchTargets(RunPlan plan, Func<string, byte[]?>? recordedModel = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var byId = plan.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var run in plan.Runs)
        {
            var spec = run.Spec;
            if (run.Role != Core.Spec.PhaseRole.Search || spec.Search is not { } search)
            {
                continue;
            }

            // Without recorded models (before the store is opened) FLOPs targets are checked; with them, latency ones.
            OfaExp.Search.CostTable? costs = null;
            if (search.Efficiency == Core.Search.EfficiencyKind.Flops && recordedModel is null)
            {
                costs = Nn.Search.SearchCosts.Flops(spec.Supernet, Data.DatasetCatalog.WithCounts(spec.Data).Info);
            }
            else if (search.Efficiency == Core.Search.EfficiencyKind.Latency && recordedModel is not null)
            {
                var table = Ancestors(run, byId).FirstOrDefault(a => a.Role == Core.Spec.PhaseRole.LatencyTable);
                costs = table is not null && recordedModel(table.Id) is { } bytes ? OfaExp.Search.CostTable.FromBytes(bytes) : null;
            }

            try
            {
                if (costs is not null)
                {
                    Nn.Search.SearchTrainer.CheckTargets(search.Targets, costs);
                }
            }
            catch (Core.Errors.OfaExpException e)
            {
                throw new Core.Errors.OfaExpException($"{Path.Combine(spec.Directory, "experiment.yaml")}: search.targets: {e.Message}", e.ExitCode, e);
            }
        }
    }

    private static IEnumerable<PlannedRun> Ancestors(PlannedRun run, Dictionary<string, PlannedRun> byId)
    {
        for (var at = run.ParentId; at is not null && byId.TryGetValue(at, out var ancestor); at = ancestor.ParentId)
        {
            yield return ancestor;
        }
    }
}
