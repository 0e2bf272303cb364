using System.Globalization;
using System.Text;
using OfaExp.Core.Errors;
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
using OfaExp.Search;

namespace OfaExp.Nn.Search;

/// <summary>
/// The <c>search</c> phase: OFA's evolutionary search for every target of <c>search.targets</c> with
/// <c>search.strategy</c>, ranking candidates with the lineage's predictor under FLOPs or the lineage's latency
/// table; then every found subnet is extracted from the lineage's supernet, BN-recalibrated, validated and timed end
/// to end. Each target is recorded as an evaluation named after it (e.g. <c>40MFLOPs</c>) holding the measured top-1
/// and latency beside the predicted top-1 and cost, and with <c>search.finetune_epochs</c> the fine-tuned subnet's
/// top-1 as <c>40MFLOPs/finetuned</c> (<see cref="SubnetFinetuner"/>); per-target search wall times are per-step metrics
/// (<c>target_seconds</c>) and the total is <c>search_seconds</c>, measurements kept out of the result digest. A
/// multi-target strategy is compared with independent searches of the same targets, run in the same process after a
/// warm-up, alternating with the strategy, the fastest of three rounds of each counting (<see cref="PairedTiming"/>):
/// <c>speedup_vs_independent</c> and <c>independent_seconds</c> (measurements) beside the generations and predictor
/// evaluations of both (results), and the differences over the follow-up targets, predicted and measured, beside the
/// noise floor of a second set of independent searches with another seed (<see cref="FollowUpDifferences"/>). The
/// artifact lists the found architectures with their predictions only, so it is a pure function of the run's inputs.
/// </summary>
public sealed class SearchTrainer : IPhaseTrainer
{
    public PhaseKind Kind => PhaseKind.Search;

    public PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (spec, phase, recorder) = (context.Spec, context.Phase, context.Recorder);
        var search = spec.Search ?? throw new OfaExpException($"Phase '{phase.Name}' has no search settings; this is a planning bug.", ExitCodes.Internal);
        var predictor = AccuracyPredictor.FromBytes(context.RequiredAncestor(PhaseRole.Predictor, "an accuracy predictor", "predictor"));
        var costs = Costs(context, search);
        costs.RangeOver(search.Resolutions).Check(search.Targets);

        var settings = Settings(search);
        context.Progress?.Report(new TrainProgress(recorder.RunId, phase.Name, 1, 1, 0, search.Targets.Count, 0, 0, TimeSpan.Zero, $"search {search.Targets.Count} targets ({SearchStrategyNames.Spelling.Name(search.Strategy)})"));
        var targets = search.Targets.Select(t => t.Value).ToList();
        var seed = SeedDerivation.Derive(spec.Seed, "phase", phase.Name, "search");
        var strategy = search.Strategy;
        var multi = new MultiTargetSearch(costs, predictor, settings, search.TopDownSeed);
        PairedTimings timed;
        IReadOnlyList<TargetOutcome> noise = [];
        try
        {
            // The noise floor's searches (independent, another seed) double as the untimed warm-up; then the
            // independent baseline and the strategy alternate, the fastest of three rounds of each counting. Full
            // searches are seeded by target, not by strategy, so the baseline is exactly the independent run's result.
            var noiseSeed = SeedDerivation.Derive(seed, "noise-floor");
            timed = PairedTiming.Run(
                () => noise = multi.Run(targets, SearchStrategy.Independent, noiseSeed, search.N2),
                () => multi.Run(targets, strategy, seed, search.N2),
                strategy == SearchStrategy.Independent ? null : () => multi.Run(targets, SearchStrategy.Independent, seed, search.N2));
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("No candidate", StringComparison.Ordinal))
        {
            // OFA samples candidates uniformly and rejects infeasible ones; a target just above the space's minimum
            // leaves almost nothing to draw. That is the configuration's problem, not the engine's.
            throw new OfaExpException($"search.targets: {e.Message.Replace(" or the retry cap", "", StringComparison.Ordinal)} Uniform sampling rarely reaches that close to the minimum; choose targets from about a fifth of the way up the range.", ExitCodes.BadInput, e);
        }

        var (outcomes, baseline) = (timed.Strategy, timed.Baseline);
        recorder.Heartbeat();

        var finetune = SubnetFinetuner.Phase(phase.Name, search, phase.Choices);
        // An image folder decodes fine-tuning batches at the subnet being fine-tuned's resolution (set below); each
        // fine-tuning starts at epoch 0, step 0, where a folder source starts a new pipeline that reads it.
        var finetuneResolution = phase.Choices.Resolutions.Max();
        using var supernet = LoadedSupernet.Open(context, finetune, "a trained supernet", (_, _) => finetuneResolution);
        var (torchTarget, data, net, evaluator) = (supernet.Target, supernet.Data, supernet.Net, supernet.Evaluator);
        var timing = new LatencyMeasurement(spec.Supernet, spec.Data.Info, spec.LatencyTable, torchTarget, spec.Device.Threads);

        var found = outcomes.Select(o => costs.Space.ToConfig(o.Outcome.Best)).ToList();
        context.Progress?.Report(new TrainProgress(recorder.RunId, phase.Name, 1, 1, 0, outcomes.Count, 0, 0, TimeSpan.Zero, $"time {found.Count} found subnets end to end"));
        var latencies = timing.MeasureSubnets(found);
        var evaluations = new List<SubnetEvaluation>();
        var metrics = new List<MetricPoint>();
        for (var i = 0; i < outcomes.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (target, outcome) = (search.Targets[i], outcomes[i]);
            var config = found[i];
            context.Progress?.Report(new TrainProgress(recorder.RunId, phase.Name, 1, 1, i + 1, outcomes.Count, 0, 0, TimeSpan.Zero, $"evaluate {target}: {config}"));
            var exit = spec.Supernet.HasEarlyExits ? config.Exit : 0;
            var measured = evaluator.Record(net, config, target.ToString(), exit, latencies[i]);
            evaluations.Add(measured with
            {
                PredictedTop1 = outcome.Outcome.BestAccuracy,
                PredictedCost = outcome.Outcome.BestCost,
            });
            if (search.FinetuneEpochs > 0)
            {
                context.Progress?.Report(new TrainProgress(recorder.RunId, phase.Name, 1, 1, i + 1, outcomes.Count, 0, 0, TimeSpan.Zero, $"fine-tune {target}: {search.FinetuneEpochs} epochs"));
                using var subnet = evaluator.ExtractRecalibrated(net, config);
                finetuneResolution = config.Resolution;
                var tuned = SubnetFinetuner.Run(subnet, config, finetune, data, spec.Seed, torchTarget, cancellationToken);
                var tunedEvaluation = new SubnetEvaluation(
                    target + "/finetuned", config.ToString(), config.Resolution, exit, tuned.Top1, tuned.Top5, tuned.Loss, measured.Flops, measured.Params, null);
                evaluations.Add(evaluator.WithTest(tunedEvaluation, subnet, config.Resolution));
            }

            metrics.Add(new(0, i, "target_seconds", outcome.WallTime.TotalSeconds));
            recorder.Heartbeat();
        }

        metrics.Add(new(0, -1, "search_seconds", timed.StrategySeconds));
        metrics.Add(new(0, -1, "independent_seconds", timed.BaselineSeconds));
        metrics.Add(new(0, -1, MeasurementMetrics.SpeedupVsIndependent, timed.Speedup));
        // Over every target, the first included (equal to independent's by construction): kept with the meaning recorded
        // runs have; the followup_ metrics below leave the first target out.
        metrics.Add(new(0, -1, "mean_abs_predicted_diff", outcomes.Zip(baseline).Average(p => Math.Abs((double)p.First.Outcome.BestAccuracy - p.Second.Outcome.BestAccuracy))));
        metrics.Add(new(0, -1, "mean_predicted_diff", outcomes.Zip(baseline).Average(p => (double)p.First.Outcome.BestAccuracy - p.Second.Outcome.BestAccuracy)));
        metrics.Add(new(0, -1, "targets", outcomes.Count));
        metrics.Add(new(0, -1, "mean_predicted_top1", evaluations.Where(e => e.PredictedTop1 is not null).Average(e => e.PredictedTop1!.Value)));
        metrics.Add(new(0, -1, "mean_top1", evaluations.Where(e => e.PredictedTop1 is not null).Average(e => e.Top1)));
        metrics.Add(new(0, -1, "predictor_evaluations", outcomes.Sum(o => (double)o.Outcome.PredictorEvaluations)));

        // Beside the speed-up, what it is made of: fewer generations, and the cache shared by a run's targets.
        metrics.Add(new(0, -1, "generations", outcomes.Sum(o => (double)o.Outcome.Generations)));
        metrics.Add(new(0, -1, "independent_generations", baseline.Sum(o => (double)o.Outcome.Generations)));
        metrics.Add(new(0, -1, "independent_predictor_evaluations", baseline.Sum(o => (double)o.Outcome.PredictorEvaluations)));
        metrics.AddRange(FollowUpMetrics(search, costs.Space, outcomes, baseline, noise, found, evaluations.Where(e => e.PredictedTop1 is not null).Select(e => e.Top1).ToList(), (config, i) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.Progress?.Report(new TrainProgress(recorder.RunId, phase.Name, 1, 1, i + 1, outcomes.Count, 0, 0, TimeSpan.Zero, $"evaluate the baselines' {config}"));
            var top1 = evaluator.Evaluate(net, config).Top1;
            recorder.Heartbeat();
            return top1;
        }));
        recorder.RecordSubnetEvaluations(evaluations);
        recorder.RecordMetrics(metrics);
        return new PhaseOutcome(Found(search.Targets, outcomes, costs.Space), metrics.Where(m => m.Step == -1).ToList());
    }

    public static EvolutionSettings Settings(SearchSpec search)
    {
        ArgumentNullException.ThrowIfNull(search);
        return new EvolutionSettings(
            search.Population, search.Generations, search.ParentRatio, search.MutationRatio, search.MutationProbability, search.ResolutionMutationProbability,
            Resolutions: search.Resolutions);
    }

    /// <summary>
    /// The follow-up targets' differences from the independent searches and the noise floor (<see cref="FollowUpDifferences"/>);
    /// nothing when there is no follow-up target. The independent and noise searches' subnets are measured like the
    /// strategy's (extracted, recalibrated, validated), each distinct architecture once, but not recorded as
    /// evaluations: the run's evaluations are the subnets it found.
    /// </summary>
    private static IEnumerable<MetricPoint> FollowUpMetrics(
        SearchSpec search,
        CandidateSpace space,
        IReadOnlyList<TargetOutcome> outcomes,
        IReadOnlyList<TargetOutcome> baseline,
        IReadOnlyList<TargetOutcome> noise,
        IReadOnlyList<SubnetConfig> found,
        IReadOnlyList<double> foundTop1,
        Func<SubnetConfig, int, double> measure)
    {
        var followUps = MultiTargetSearch.Order([.. search.Targets.Select(t => t.Value)], search.Strategy).Skip(1).ToList();
        if (followUps.Count == 0)
        {
            return [];
        }

        // An architecture's measured top-1 is a function of the architecture, so each is measured once.
        var measured = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < found.Count; i++)
        {
            measured[found[i].ToString()] = foundTop1[i];
        }

        IReadOnlyList<(double, double)> Results(IReadOnlyList<TargetOutcome> run) => [.. run.Select((o, i) =>
        {
            var config = space.ToConfig(o.Outcome.Best);
            var key = config.ToString();
            if (!measured.TryGetValue(key, out var top1))
            {
                top1 = measure(config, i);
                measured[key] = top1;
            }

            return ((double)o.Outcome.BestAccuracy, top1);
        })];

        var d = FollowUpDifferences.Of(followUps, Results(outcomes), Results(baseline), Results(noise));
        return
        [
            new(0, -1, "followup_targets", d.Targets),
            new(0, -1, "followup_predicted_diff", d.PredictedDiff),
            new(0, -1, "followup_abs_predicted_diff", d.AbsPredictedDiff),
            new(0, -1, "followup_top1_diff", d.Top1Diff),
            new(0, -1, "followup_abs_top1_diff", d.AbsTop1Diff),
            new(0, -1, "noise_abs_predicted_diff", d.NoiseAbsPredictedDiff),
            new(0, -1, "noise_abs_top1_diff", d.NoiseAbsTop1Diff),
        ];
    }

    private static CostTable Costs(PhaseContext context, SearchSpec search) =>
        search.Efficiency == EfficiencyKind.Flops
            ? SearchCosts.Flops(context.Spec.Supernet, context.Spec.Data.Info)
            : CostTable.FromBytes(context.RequiredAncestor(PhaseRole.LatencyTable, "a latency table", "latency_table"));

    /// <summary>The found subnets with their predictions, one tab-separated line per target in the configured order.</summary>
    private static byte[] Found(IReadOnlyList<EfficiencyTarget> targets, IReadOnlyList<TargetOutcome> outcomes, CandidateSpace space)
    {
        var sb = new StringBuilder("target\tarchitecture\tpredicted_top1\tpredicted_cost\n");
        for (var i = 0; i < targets.Count; i++)
        {
            var o = outcomes[i].Outcome;
            sb.Append(targets[i]).Append('\t').Append(space.ToConfig(o.Best)).Append('\t')
              .Append(o.BestAccuracy.ToString("R", CultureInfo.InvariantCulture)).Append('\t')
              .Append(o.BestCost.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
