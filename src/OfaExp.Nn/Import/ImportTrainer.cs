using TorchSharp;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;

namespace OfaExp.Nn.Import;

/// <summary>
/// The <c>import</c> phase: a supernet trained elsewhere (a checkpoint of the OFA reference implementation, such as
/// OFA's released ImageNet supernets) becomes a run like a trained one, so search phases and further shrinking can
/// start from it. The checkpoint's architecture is checked against the experiment's supernet settings first, naming
/// every difference; its weights are then copied all or nothing.
/// </summary>
public sealed class ImportTrainer : IPhaseTrainer
{
    public PhaseKind Kind => PhaseKind.Import;

    public PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = context.Spec;
        var path = spec.ImportCheckpoint;
        OfaCheckpointImporter.Validate(OfaCheckpointImporter.Describe(path), spec.Supernet, spec.Data.Info, path);
        using var net = new TorchTarget(torch.CPU, TorchDevices.DTypeOf(spec.Device.DType))
            .Create(dtype => new OfaMobileNetV3(spec.Supernet, spec.Data.Info, TrainingSeeds.Init(spec.Seed), dtype));
        var summary = OfaCheckpointImporter.Load(path, net);
        IReadOnlyList<MetricPoint> metrics = [new(0, -1, "imported_tensors", summary.Loaded)];
        context.Recorder.RecordMetrics(metrics);
        return new PhaseOutcome(ModelState.Save(net), metrics);
    }
}
