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
        var context = new PhaseContext(spec, phase, recorder, progress, parentModel, teacherModel) { AncestorModel = ancestorModel };
        var outcome = PhaseTrainers.For(phase.Kind).Run(context, cancellationToken);
        return outcome with { Times = context.Timings.Times() };
    }

    /// <summary>The TorchSharp version (its assembly's informational version without the commit), for the hardware class.</summary>
    public static string TorchSharpVersion() =>
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString()
        ?? Core.Hardware.HardwareClass.Unknown;

    /// <summary>The model weights inside an epoch checkpoint of <see cref="TrainerCheckpoint"/>'s format.</summary>
    public static byte[] ModelOfCheckpoint(byte[] checkpoint) => TrainerCheckpoint.Parse(checkpoint).Model;
}
