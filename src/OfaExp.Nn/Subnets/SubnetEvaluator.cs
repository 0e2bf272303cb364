using OfaExp.Core.Execution;
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
/// kept apart from the validation accuracy that chooses teachers and checkpoints. The grid extracts each named subnet
/// once for all its resolutions (<see cref="EvaluateGrid"/>). Extraction, recalibration, validation and test time go
/// to the <see cref="PhaseTimings"/> given, and the test split comes from the process's split cache.
/// </summary>
public sealed class SubnetEvaluator : IDisposable
{
    private readonly ExperimentSpec _spec;
    private readonly IEvalBatchSource _recalibration;
    private readonly IEvalBatchSource _validation;
    private readonly IEvalBatchSource? _test;
    private readonly TorchTarget _target;
    private readonly Dictionary<int, List<Tensor>> _recalByResolution = [];
    private readonly PhaseTimings? _timings;

    /// <param name="timings">Where the evaluator's time is added; null: not timed.</param>
    public SubnetEvaluator(ExperimentSpec spec, PhaseData data, TorchTarget target, PhaseTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        _spec = spec;
        _timings = timings;
        using (timings?.Time(TimeCategory.DataLoad))
        {
            _recalibration = data.Recalibration(spec.Seed, spec.Eval.RecalImages, spec.Eval.RecalBatchSize, spec.Data.Augment);
            _test = spec.Eval.Test ? PhaseData.Test(spec, spec.Eval.TestSubset, data.Validation.BatchSize) : null;
        }

        _validation = data.Validation;
        _target = target;
    }

    /// <summary>Recalibrated validation loss/top-1/top-5 of <paramref name="config"/>; the supernet's active subnet is restored.</summary>
    public EvalResult Evaluate(OfaMobileNetV3 supernet, SubnetConfig config)
    {
        using var subnet = ExtractRecalibrated(supernet, config);
        return Validate(subnet, config.Resolution);
    }

    /// <summary>
    /// <paramref name="config"/> recalibrated once, scored on the validation split and (eval.test) the test split,
    /// recorded as <paramref name="name"/> with its analytic cost; <paramref name="exit"/> is the recorded exit.
    /// </summary>
    public SubnetEvaluation Record(OfaMobileNetV3 supernet, SubnetConfig config, string name, int exit, double? latencyMs = null)
    {
        using var subnet = ExtractRecalibrated(supernet, config);
        return Score(subnet, config, name, exit, latencyMs);
    }

    /// <summary><paramref name="evaluation"/> with the test-split scores of <paramref name="subnet"/> (unchanged when eval.test is off).</summary>
    public SubnetEvaluation WithTest(SubnetEvaluation evaluation, MobileNetV3 subnet, int resolution)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        if (_test is null)
        {
            return evaluation;
        }

        EvalResult test;
        using (_timings?.Time(TimeCategory.Test))
        {
            test = Evaluator.Evaluate(subnet, _test, _target, resolution);
        }

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
        var subnet = Extract(supernet, config, allExits);
        try
        {
            Recalibrate(subnet, config.Resolution);
            return subnet;
        }
        catch
        {
            subnet.Dispose();
            throw;
        }
    }

    /// <summary>The declared grid (<c>eval.subnets</c> x <c>eval.resolutions</c>) with analytic FLOPs and parameters.</summary>
    public IReadOnlyList<SubnetEvaluation> EvaluateGrid(OfaMobileNetV3 supernet, Action<string>? onSubnet = null)
    {
        ArgumentNullException.ThrowIfNull(supernet);
        var results = new List<SubnetEvaluation>();
        foreach (var named in _spec.Eval.Subnets)
        {
            // One extraction for all resolutions: the architecture and weights do not depend on the resolution, and a
            // recalibration overwrites every running statistic the subnet's forward reaches (each BN of an extracted
            // subnet is exactly as wide as its input) from batch statistics alone, so recalibrating the copy again at
            // the next resolution leaves it bit for bit as a fresh extraction recalibrated there.
            MobileNetV3? subnet = null;
            SubnetConfig? extracted = null;
            try
            {
                foreach (var resolution in _spec.Eval.Resolutions)
                {
                    var config = supernet.space.Uniform(named.KernelSize, named.ExpandRatio, named.Depth, resolution, named.Level, named.Exit);
                    onSubnet?.Invoke($"{named.Name} at {resolution}px");
                    if (subnet is null || !extracted!.WithResolution(resolution).Equals(config))
                    {
                        subnet?.Dispose();
                        subnet = Extract(supernet, config);
                        extracted = config;
                    }

                    Recalibrate(subnet, resolution);
                    results.Add(Score(subnet, config, named.Name, _spec.Supernet.HasEarlyExits ? config.Exit : 0));
                }
            }
            finally
            {
                subnet?.Dispose();
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

    /// <summary><paramref name="config"/> extracted to a static network with the supernet's statistics; the supernet's active subnet is restored.</summary>
    private MobileNetV3 Extract(OfaMobileNetV3 supernet, SubnetConfig config, bool allExits = false)
    {
        using var timing = _timings?.Time(TimeCategory.Extract);
        var previous = supernet.ActiveSubnet;
        supernet.set_active_subnet(config);
        try
        {
            return supernet.get_active_subnet(allExits);
        }
        finally
        {
            supernet.set_active_subnet(previous);
        }
    }

    private void Recalibrate(MobileNetV3 subnet, int resolution)
    {
        using var timing = _timings?.Time(TimeCategory.BnRecalibration);
        BnRecalibration.Run(subnet, RecalibrationBatches(resolution));
    }

    private EvalResult Validate(MobileNetV3 subnet, int resolution)
    {
        using var timing = _timings?.Time(TimeCategory.Validation);
        return Evaluator.Evaluate(subnet, _validation, _target, resolution);
    }

    /// <summary>The recalibrated <paramref name="subnet"/> of <paramref name="config"/> scored on validation (and test) with its analytic cost.</summary>
    private SubnetEvaluation Score(MobileNetV3 subnet, SubnetConfig config, string name, int exit, double? latencyMs = null)
    {
        var validation = Validate(subnet, config.Resolution);
        var cost = NetworkCost.Of(_spec.Supernet, _spec.Data.Info, config);
        return WithTest(
            new SubnetEvaluation(name, config.ToString(), config.Resolution, exit, validation.Top1, validation.Top5, validation.Loss, cost.Flops, cost.Parameters, latencyMs),
            subnet,
            config.Resolution);
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
