using OfaExp.Core.Costs;
using OfaExp.Core.Runs;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Data;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using static TorchSharp.torch;

namespace OfaExp.Nn.Subnets;

/// <summary>
/// Evaluates subnets of a supernet the way OFA reports them: the subnet is extracted to a static network, its BN
/// statistics are recalibrated on the fixed recalibration images at the subnet's resolution, then it is evaluated
/// on the validation split. Working on the extracted copy leaves the supernet's own running statistics untouched,
/// so evaluating never changes what training continues from. Recalibration batches are built once per resolution.
/// With eval.test, the same recalibrated subnet is also scored on the data set's test split: the accuracy to report,
/// kept apart from the validation accuracy that chooses teachers and checkpoints.
/// </summary>
public sealed class SubnetEvaluator : IDisposable
{
    private readonly ExperimentSpec _spec;
    private readonly IEvalBatchSource _recalibration;
    private readonly IEvalBatchSource _validation;
    private readonly IEvalBatchSource? _test;
    private readonly TorchTarget _target;
    private readonly Dictionary<int, List<Tensor>> _recalByResolution = [];

    public SubnetEvaluator(ExperimentSpec spec, PhaseData data, TorchTarget target)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        _spec = spec;
        _recalibration = data.Recalibration(spec.Seed, spec.Eval.RecalImages, spec.Eval.RecalBatchSize, spec.Data.Augment);
        _validation = data.Validation;
        _test = spec.Eval.Test ? PhaseData.Test(spec, spec.Eval.TestSubset, data.Validation.BatchSize) : null;
        _target = target;
    }

    /// <summary>Recalibrated validation loss/top-1/top-5 of <paramref name="config"/>; the supernet's active subnet is restored.</summary>
    public EvalResult Evaluate(OfaMobileNetV3 supernet, SubnetConfig config)
    {
        using var subnet = ExtractRecalibrated(supernet, config);
        return Evaluator.Evaluate(subnet, _validation, _target, config.Resolution);
    }

    /// <summary>
    /// <paramref name="config"/> recalibrated once, scored on the validation split and (eval.test) the test split,
    /// recorded as <paramref name="name"/> with its analytic cost; <paramref name="exit"/> is the recorded exit.
    /// </summary>
    public SubnetEvaluation Record(OfaMobileNetV3 supernet, SubnetConfig config, string name, int exit, double? latencyMs = null)
    {
        using var subnet = ExtractRecalibrated(supernet, config);
        var validation = Evaluator.Evaluate(subnet, _validation, _target, config.Resolution);
        var cost = NetworkCost.Of(_spec.Supernet, _spec.Data.Info, config);
        return WithTest(
            new SubnetEvaluation(name, config.ToString(), config.Resolution, exit, validation.Top1, validation.Top5, validation.Loss, cost.Flops, cost.Parameters, latencyMs),
            subnet,
            config.Resolution);
    }

    /// <summary><paramref name="evaluation"/> with the test-split scores of <paramref name="subnet"/> (unchanged when eval.test is off).</summary>
    public SubnetEvaluation WithTest(SubnetEvaluation evaluation, MobileNetV3 subnet, int resolution)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (_test is null)
        {
            return evaluation;
        }

        var test = Evaluator.Evaluate(subnet, _test, _target, resolution);
        return evaluation with { TestTop1 = test.Top1, TestTop5 = test.Top5 };
    }

    /// <summary>
    /// <paramref name="config"/> extracted to a static network whose BN statistics are recalibrated at the config's
    /// resolution; the supernet's active subnet is restored and its own statistics are untouched. With
    /// <paramref name="allExits"/> (EE nets, last exit active) every exit head is kept and recalibrated: the static
    /// network's forward runs all of them (a progressively extracted teacher).
    /// </summary>
    public MobileNetV3 ExtractRecalibrated(OfaMobileNetV3 supernet, SubnetConfig config, bool allExits = false)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var previous = supernet.ActiveSubnet;
        supernet.set_active_subnet(config);
        try
        {
            var subnet = supernet.get_active_subnet(allExits);
            BnRecalibration.Run(subnet, RecalibrationBatches(config.Resolution));
            return subnet;
        }
        finally
        {
            supernet.set_active_subnet(previous);
        }
    }

    /// <summary>The declared grid (<c>eval.subnets</c> x <c>eval.resolutions</c>) with analytic FLOPs and parameters.</summary>
    public IReadOnlyList<SubnetEvaluation> EvaluateGrid(OfaMobileNetV3 supernet, Action<string>? onSubnet = null)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var results = new List<SubnetEvaluation>();
        foreach (var named in _spec.Eval.Subnets)
        {
            foreach (var resolution in _spec.Eval.Resolutions)
            {
                var config = supernet.space.Uniform(named.KernelSize, named.ExpandRatio, named.Depth, resolution, named.Level, named.Exit);
                onSubnet?.Invoke($"{named.Name} at {resolution}px");
                results.Add(Record(supernet, config, named.Name, _spec.Supernet.HasEarlyExits ? config.Exit : 0));
            }
        }

        results.AddRange(EvaluateExits(supernet, onSubnet));
        return results;
    }

    /// <summary>
    /// For an early-exit supernet, the maximal subnet classifying at each exit (named exit1..exit5) at the largest
    /// evaluation resolution: OFAv2's per-exit accuracy. Empty for single-exit supernets.
    /// </summary>
    public IReadOnlyList<SubnetEvaluation> EvaluateExits(OfaMobileNetV3 supernet, Action<string>? onSubnet = null)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var results = new List<SubnetEvaluation>();
        if (!_spec.Supernet.HasEarlyExits)
        {
            return results;
        }

        var resolution = _spec.Eval.Resolutions.Max();
        foreach (var exit in supernet.space.Exits)
        {
            var name = $"exit{exit}";
            var config = supernet.space.Max.WithResolution(resolution).WithExit(exit);
            onSubnet?.Invoke($"{name} at {resolution}px");
            results.Add(Record(supernet, config, name, 0));
        }

        return results;
    }

    public void Dispose()
    {
        foreach (var tensors in _recalByResolution.Values)
        {
            tensors.ForEach(t => t.Dispose());
        }

        _recalByResolution.Clear();
        (_recalibration as IDisposable)?.Dispose();
        (_test as IDisposable)?.Dispose();
    }

    private List<Tensor> RecalibrationBatches(int resolution)
    {
        if (!_recalByResolution.TryGetValue(resolution, out var tensors))
        {
            tensors = [];
            for (var i = 0; i < _recalibration.BatchCount; i++)
            {
                var (images, labels) = BatchTensors.ToDevice(_recalibration.Get(i, resolution), _target, resolution);
                labels.Dispose();
                tensors.Add(images.DetachFromDisposeScope());
            }

            _recalByResolution[resolution] = tensors;
        }

        return tensors;
    }
}
