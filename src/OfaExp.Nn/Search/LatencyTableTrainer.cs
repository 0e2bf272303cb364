using System.Diagnostics;
using OfaExp.Core.Costs;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using OfaExp.Search;

namespace OfaExp.Nn.Search;

/// <summary>
/// The <c>latency_table</c> phase, a measurement: builds the space's per-layer latency table on this device
/// (<see cref="LatencyMeasurement"/>), then times <c>latency_table.check_subnets</c> random subnets end to end and
/// records each as an evaluation (<c>check01</c>, ...: measured latency, the table's prediction as predicted cost)
/// with Pearson's r, the mean absolute percentage error and the signed mean percentage error between the two. Table
/// and check are timed in the same runtime (<c>latency_table.runtime</c>: libtorch or ONNX Runtime). The artifact is
/// the table; searches that read it are reproducible from it, while measuring again (another run id, another
/// machine) gives another table.
/// </summary>
public sealed class LatencyTableTrainer : IPhaseTrainer
{
    public PhaseKind Kind => PhaseKind.LatencyTable;

    public PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (spec, phase, recorder) = (context.Spec, context.Phase, context.Recorder);
        var measurement = new LatencyMeasurement(spec.Supernet, spec.Data.Info, spec.LatencyTable, TorchDevices.Configure(spec.Device), spec.Device.Threads);
        var subnets = new SubnetSpace(spec.Supernet);
        var space = new CandidateSpace(subnets);
        var clock = Stopwatch.StartNew();
        cancellationToken.ThrowIfCancellationRequested();
        var parts = measurement.Measure(stage => Report(context, stage));
        recorder.Heartbeat();
        var table = SearchCosts.FromParts(space, EfficiencyTarget.LatencyUnit, parts);

        cancellationToken.ThrowIfCancellationRequested();
        var configs = Enumerable.Range(0, spec.LatencyTable.CheckSubnets)
            .Select(i => subnets.Sample(SeedDerivation.Derive(spec.Seed, "phase", phase.Name, "check", i)))
            .ToList();
        Report(context, $"time {configs.Count} random subnets end to end");
        var measured = measurement.MeasureSubnets(configs);
        var checks = configs.Select((config, i) =>
        {
            var cost = NetworkCost.Of(spec.Supernet, spec.Data.Info, config);
            return new SubnetEvaluation(
                "check" + (i + 1).ToString("D2", System.Globalization.CultureInfo.InvariantCulture), config.ToString(), config.Resolution,
                spec.Supernet.HasEarlyExits ? config.Exit : 0, double.NaN, double.NaN, double.NaN, cost.Flops, cost.Parameters, measured[i])
            {
                PredictedCost = table.Cost(config),
            };
        }).ToList();

        var actual = checks.Select(c => c.LatencyMs!.Value).ToList();
        var predicted = checks.Select(c => c.PredictedCost!.Value).ToList();
        IReadOnlyList<MetricPoint> summary =
        [
            new(0, -1, MeasurementMetrics.LatencyCheckPearson, SearchStatistics.Pearson(actual, predicted)),
            new(0, -1, MeasurementMetrics.LatencyCheckMape, SearchStatistics.MeanAbsolutePercentageError(actual, predicted)),
            new(0, -1, MeasurementMetrics.LatencyCheckMpe, SearchStatistics.MeanPercentageError(actual, predicted)),
            new(0, -1, "table_seconds", clock.Elapsed.TotalSeconds),
            new(0, -1, "min_ms", table.MinCost),
            new(0, -1, "max_ms", table.MaxCost),
            .. measurement.CallOverheadMs is { } overhead ? [new MetricPoint(0, -1, "call_overhead_ms", overhead)] : Array.Empty<MetricPoint>(),
        ];
        recorder.RecordSubnetEvaluations(checks);
        recorder.RecordMetrics(summary);
        return new PhaseOutcome(table.ToBytes(), summary);
    }

    private static void Report(PhaseContext context, string stage) =>
        context.Progress?.Report(new TrainProgress(context.Recorder.RunId, context.Phase.Name, 1, 1, 1, 1, 0, 0, TimeSpan.Zero, stage));
}
