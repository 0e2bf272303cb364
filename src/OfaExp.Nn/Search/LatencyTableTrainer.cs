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
/// (<see cref="LatencyMeasurement"/>) and times <c>latency_table.check_subnets</c> random subnets end to end in the
/// same interleaved rounds, and records each as an evaluation (<c>check01</c>, ...: measured latency, the table's prediction as predicted cost)
/// with Pearson's r, the mean absolute percentage error and the signed mean percentage error between the two. An
/// ONNX Runtime table is corrected by a per-entry offset fitted on <see cref="CalibrationSubnets"/> other subnets
/// timed in the same rounds (<see cref="EntryOffset"/>; metric <c>entry_offset_ms</c>). Table
/// and check are timed in the same runtime (<c>latency_table.runtime</c>: libtorch or ONNX Runtime). The artifact is
/// the table; searches that read it are reproducible from it, while measuring again (another run id, another
/// machine) gives another table.
/// </summary>
public sealed class LatencyTableTrainer : IPhaseTrainer
{
    /// <summary>
    /// ONNX Runtime tables: random subnets (not the checked ones) timed whole in the same rounds, to fit the
    /// <see cref="EntryOffset"/> taken off every entry but the stem's.
    /// </summary>
    public const int CalibrationSubnets = 10;

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
        var configs = Sample(spec, phase, subnets, "check", spec.LatencyTable.CheckSubnets);
        var onOnnxRuntime = spec.LatencyTable.Runtime == LatencyRuntime.Onnxruntime;
        var calibration = onOnnxRuntime ? Sample(spec, phase, subnets, "calibrate", CalibrationSubnets) : [];
        var timed = measurement.Measure([.. configs, .. calibration], stage => Report(context, stage));
        recorder.Heartbeat();
        cancellationToken.ThrowIfCancellationRequested();
        var measured = timed.CheckMs.Take(configs.Count).ToList();
        double? offset = onOnnxRuntime ? EntryOffset.Fit(space, timed.Parts, calibration, [.. timed.CheckMs.Skip(configs.Count)]) : null;
        var table = SearchCosts.FromParts(space, EfficiencyTarget.LatencyUnit, offset is { } o ? EntryOffset.Apply(timed.Parts, o) : timed.Parts);
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
            .. timed.CallOverheadMs is { } overhead ? [new MetricPoint(0, -1, "call_overhead_ms", overhead)] : Array.Empty<MetricPoint>(),
            .. offset is { } fitted ? [new MetricPoint(0, -1, "entry_offset_ms", fitted)] : Array.Empty<MetricPoint>(),
        ];
        recorder.RecordSubnetEvaluations(checks);
        recorder.RecordMetrics(summary);
        return new PhaseOutcome(table.ToBytes(), summary);
    }

    private static List<SubnetConfig> Sample(ExperimentSpec spec, PhaseSpec phase, SubnetSpace subnets, string purpose, int count) =>
        [.. Enumerable.Range(0, count).Select(i => subnets.Sample(SeedDerivation.Derive(spec.Seed, "phase", phase.Name, purpose, i)))];

    private static void Report(PhaseContext context, string stage) =>
        context.Progress?.Report(new TrainProgress(context.Recorder.RunId, context.Phase.Name, 1, 1, 1, 1, 0, 0, TimeSpan.Zero, stage));
}
