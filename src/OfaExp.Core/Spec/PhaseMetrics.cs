using OfaExp.Core.Config;
using OfaExp.Core.Execution;
using OfaExp.Core.Search;

namespace OfaExp.Core.Spec;

/// <summary>
/// The metric names each phase kind records, so that a table reading a metric no phase of its experiment records
/// fails at plan time instead of filling with empty cells after hours of training. The end-to-end tests check the
/// trainers against this list.
/// </summary>
public static class PhaseMetrics
{
    /// <summary>The per-step training loss (read with the '@step' series).</summary>
    public const string StepLoss = "loss";

    private static readonly string[] Training = [StepLoss, "train_loss", "val_loss", "val_top1", "val_top5", "lr"];

    /// <remarks>Every kind also records where its time went (<see cref="PhaseTimes.MetricNames"/>, measurements).</remarks>
    public static IReadOnlyList<string> Of(PhaseKind kind) => [.. Computed(kind), .. PhaseTimes.MetricNames];

    private static IReadOnlyList<string> Computed(PhaseKind kind)
    {
        var info = PhaseKindInfo.Of(kind);
        return info.Role switch
        {
            PhaseRole.Train when kind == PhaseKind.Import => ["imported_tensors"],
            PhaseRole.Train when info.IsFull => [.. Training, "train_top1"],
            PhaseRole.Train => Training,
            PhaseRole.AccuracyDataset => ["pairs", "mean_top1", "min_top1", "max_top1"],
            PhaseRole.Predictor => ["train_loss", "val_rmse", "val_kendall_tau", "train_rmse", "train_pairs", "val_pairs"],
            PhaseRole.LatencyTable => [MeasurementMetrics.LatencyCheckPearson, MeasurementMetrics.LatencyCheckMape, MeasurementMetrics.LatencyCheckMpe, "table_seconds", "min_ms", "max_ms", "call_overhead_ms", "entry_offset_ms"],
            PhaseRole.Search =>
            [
                "target_seconds", "search_seconds", "independent_seconds", MeasurementMetrics.SpeedupVsIndependent,
                "mean_abs_predicted_diff", "mean_predicted_diff", "targets", "mean_predicted_top1", "mean_top1", "predictor_evaluations",
                "generations", "independent_generations", "independent_predictor_evaluations",
                "followup_targets", "followup_predicted_diff", "followup_abs_predicted_diff", "followup_top1_diff", "followup_abs_top1_diff",
                "noise_abs_predicted_diff", "noise_abs_top1_diff",
            ],
        };
    }

    /// <summary>Every metric some phase of <paramref name="config"/> records, in first-recorded order.</summary>
    public static IReadOnlyList<string> Of(ResolvedConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.PhaseNames
            .Select(p => config.Values.TryGetValue($"phases.{p}.kind", out var k) && PhaseKindNames.Spelling.TryParse((string)k, out var kind) ? kind : (PhaseKind?)null)
            .OfType<PhaseKind>()
            .SelectMany(Of)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
