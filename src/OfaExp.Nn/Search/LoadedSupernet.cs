using OfaExp.Core.Execution;
using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using OfaExp.Nn.Training;

namespace OfaExp.Nn.Search;

/// <summary>
/// What the search phases that measure subnets (accuracy_dataset, search) start from: the torch target configured
/// for the run's device, the lineage's trained supernet loaded into a fresh network, the phase's data and a subnet
/// evaluator over it. One preamble, so both set torch up and load the supernet in the same order (configure, data,
/// network, weights, evaluator): initialisation draws and thread settings then match, and so do results.
/// </summary>
public sealed class LoadedSupernet : IDisposable
{
    private LoadedSupernet(TorchTarget target, PhaseData data, OfaMobileNetV3 net, SubnetEvaluator evaluator) =>
        (Target, Data, Net, Evaluator) = (target, data, net, evaluator);

    public TorchTarget Target { get; }

    public PhaseData Data { get; }

    public OfaMobileNetV3 Net { get; }

    public SubnetEvaluator Evaluator { get; }

    /// <param name="dataPhase">The phase whose data settings to load (the search's fine-tuning phase, or the run's own).</param>
    /// <param name="purpose">What the supernet is for, in the error when the lineage has none.</param>
    /// <param name="trainResolution">The resolution of the training batch of (epoch, step), for a streamed data set (see <see cref="PhaseData.Load"/>).</param>
    public static LoadedSupernet Open(PhaseContext context, PhaseSpec dataPhase, string purpose, Func<int, int, int>? trainResolution = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spec = context.Spec;
        var supernet = context.RequiredAncestor(PhaseRole.Train, purpose, "full, kernel, ... or expand");
        var target = TorchDevices.Configure(spec.Device);
        PhaseData data;
        using (context.Timings.Time(TimeCategory.DataLoad))
        {
            data = PhaseData.Load(spec, dataPhase, trainResolution);
        }

        OfaMobileNetV3? net = null;
        try
        {
            net = target.Create(dtype => new OfaMobileNetV3(spec.Supernet, spec.Data.Info, TrainingSeeds.Init(spec.Seed), dtype));
            PhaseResume.LoadModel(net, supernet, context.Recorder.RunId, "supernet");
            return new LoadedSupernet(target, data, net, new SubnetEvaluator(spec, data, target, context.Timings));
        }
        catch
        {
            net?.Dispose();
            data.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Evaluator.Dispose();
        Net.Dispose();
        Data.Dispose();
    }
}
