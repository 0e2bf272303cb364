using System.Globalization;
using OfaExp.Core.Costs;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using OfaExp.Nn.Training;
using TorchSharp;

namespace OfaExp.Nn.Search;

/// <summary>
/// The <c>accuracy_dataset</c> phase: draws <c>accuracy_dataset.samples</c> (subnet, resolution) pairs from the
/// phase's elastic choices of the parent supernet, pair i from a seed derived from the run seed and i, and evaluates
/// each as OFA reports subnets (extracted, BN-recalibrated, validated). Each pair is recorded as a subnet evaluation
/// named <c>pair00001</c>, ... the moment it is measured, so a killed run resumes after its last recorded pair and
/// still ends with the same pairs. The run's artifact is the data set (<see cref="AccuracyPair"/>).
/// </summary>
public sealed class AccuracyDatasetTrainer : IPhaseTrainer
{
    public PhaseKind Kind => PhaseKind.AccuracyDataset;

    public PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (spec, phase, recorder) = (context.Spec, context.Phase, context.Recorder);
        using var supernet = LoadedSupernet.Open(context, phase, "a trained supernet to measure");
        var (net, evaluator) = (supernet.Net, supernet.Evaluator);

        var samples = spec.AccuracyDataset.Samples;
        var recorded = recorder.RecordedEvaluations().Where(e => e.Name.StartsWith("pair", StringComparison.Ordinal)).ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var resumedAt = recorded.Count;
        for (var i = recorded.Count; i < samples; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var config = Sample(net.space, spec, phase, i);
            var result = evaluator.Evaluate(net, config);
            var cost = NetworkCost.Of(spec.Supernet, spec.Data.Info, config);
            var evaluation = new SubnetEvaluation(
                PairName(i), config.ToString(), config.Resolution, spec.Supernet.HasEarlyExits ? config.Exit : 0,
                result.Top1, result.Top5, result.Loss, cost.Flops, cost.Parameters, null);
            recorder.RecordSubnetEvaluations([evaluation]);
            recorded.Add(evaluation);
            recorder.Heartbeat();
            var done = i + 1;
            context.Progress?.Report(new TrainProgress(
                recorder.RunId, phase.Name, 1, 1, done, samples, result.Loss, 0,
                clock.Elapsed / (done - resumedAt) * (samples - done), $"pair {done}/{samples}: {config} top-1 {result.Top1.ToString("F2", CultureInfo.InvariantCulture)}%"));
        }

        var pairs = recorded.Take(samples).Select(e => new AccuracyPair(SubnetConfig.Parse(e.Architecture), e.Top1, e.Loss)).ToList();
        var top1 = pairs.Select(p => p.Top1).ToList();
        IReadOnlyList<MetricPoint> summary =
        [
            new(0, -1, "pairs", pairs.Count),
            new(0, -1, "mean_top1", top1.Average()),
            new(0, -1, "min_top1", top1.Min()),
            new(0, -1, "max_top1", top1.Max()),
        ];
        recorder.RecordMetrics(summary);
        return new PhaseOutcome(AccuracyPair.Write(pairs), summary);
    }

    public static string PairName(int index) => "pair" + (index + 1).ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>
    /// Pair <paramref name="index"/>: uniform over the phase's choices, or with the resolution cycled (balanced). A
    /// pure function of the run seed, the phase and the index, so a resumed run draws exactly the pairs it would have.
    /// </summary>
    public static SubnetConfig Sample(SubnetSpace space, ExperimentSpec spec, PhaseSpec phase, int index)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(phase);
        var c = phase.Choices;
        var resolutions = spec.AccuracyDataset.Sampler == AccuracySampler.Balanced ? [c.Resolutions[index % c.Resolutions.Count]] : c.Resolutions;
        var choices = new SubnetChoices(c.KernelSizes, c.ExpandRatios, c.Depths, resolutions, c.Levels, c.Exits);
        return space.Sample(SeedDerivation.Derive(spec.Seed, "phase", phase.Name, "pair", index), choices);
    }
}
