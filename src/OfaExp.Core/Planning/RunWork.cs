using OfaExp.Core.Spec;

namespace OfaExp.Core.Planning;

/// <summary>
/// The planned work of one run, for progress estimates only (it never enters an id or a result). The unit is one
/// image through the forward and backward pass of the network at the data set's native resolution; a forward pass
/// alone (validation, BN recalibration, a teacher) counts <see cref="ForwardShare"/>, and a resolution r counts
/// (r / native)^2. Work the plan cannot size (an import, the predictor, the latency table, the evolutionary search
/// itself) counts zero.
/// </summary>
/// <param name="Epochs">Training epochs (0 when the run does not train with optimizer steps).</param>
/// <param name="StepsPerEpoch">Optimizer steps per epoch, as the trainer will count them (images / batch, rounded down).</param>
/// <param name="StepUnits">Units of one step: batch x subnets per step (+ the teacher's forward), with the step's share of the per-epoch validation.</param>
/// <param name="FinalUnits">Units after the last step: the subnet grid, the exits, the accuracy pairs, the found subnets.</param>
public sealed record RunWork(int Epochs, int StepsPerEpoch, double StepUnits, double FinalUnits)
{
    /// <summary>A forward pass costs about a third of forward plus backward.</summary>
    public const double ForwardShare = 1.0 / 3;

    /// <summary>Batch size of a found subnet's fine-tuning (SearchSpec.FinetuneLr is per this batch).</summary>
    private const int FinetuneBatch = 64;

    public long Steps => (long)Epochs * StepsPerEpoch;

    public double Total => (Steps * StepUnits) + FinalUnits;

    /// <summary>Units done once <paramref name="steps"/> optimizer steps are (the final work counts when the run ends).</summary>
    public double UnitsAfter(long steps) => Math.Clamp(steps, 0, Steps) * StepUnits;

    public static RunWork Of(PlannedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Of(run.Spec, run.Spec.Phases[run.Phase]);
    }

    public static RunWork Of(ExperimentSpec spec, PhaseSpec phase)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(phase);
        var kind = PhaseKindInfo.Of(phase.Kind);
        var data = spec.Data;
        var pool = data.TrainSubset > 0 ? data.TrainSubset : data.Info.TrainImages;
        var validation = data.ValidationCount(pool);
        var train = Math.Max(0, pool - validation);
        var native = data.Info.NativeResolution;
        double Cost(int resolution) => (double)resolution * resolution / native / native;
        var recal = spec.Eval.RecalImages;
        var exits = spec.Supernet.HasEarlyExits ? spec.Supernet.ExitStages.Count : 0;
        var maxCost = Cost(spec.Supernet.MaxResolution);
        // A recalibrated evaluation: BN statistics from the recalibration images, then the validation split; the
        // recorded ones (final subnets, searched subnets) also score the test split.
        var evaluation = (recal + validation) * ForwardShare;
        var test = !spec.Eval.Test ? 0 : spec.Eval.TestSubset > 0 ? Math.Min(spec.Eval.TestSubset, data.Info.TestImages) : data.Info.TestImages;
        var recorded = evaluation + (test * ForwardShare);

        switch (kind)
        {
            case { Trains: true } when kind.Kind != PhaseKind.Import:
            {
                var stepsPerEpoch = phase.BatchSize > 0 ? train / phase.BatchSize : 0;
                var stepCost = phase.Choices.Resolutions.Average(Cost);
                var teacher = kind.Distills && spec.Kd.Enabled ? ForwardShare : 0;
                var stepUnits = phase.BatchSize * stepCost * (phase.SubnetsPerStep + teacher);
                // Full validates its own network; a shrinking phase recalibrates the maximal subnet first.
                var epochEval = (kind.IsFull ? validation * ForwardShare : evaluation) * Cost(phase.Choices.Resolutions.Max());
                var final = exits * recorded * maxCost;
                if (!kind.IsFull)
                {
                    final += spec.Eval.Resolutions.Sum(r => spec.Eval.Subnets.Count * recorded * Cost(r));
                }

                return stepsPerEpoch == 0
                    ? new RunWork(0, 0, 0, final)
                    : new RunWork(phase.TotalEpochs, stepsPerEpoch, stepUnits + (epochEval / stepsPerEpoch), final);
            }

            case { Role: PhaseRole.AccuracyDataset }:
                return new RunWork(0, 0, 0, spec.AccuracyDataset.Samples * evaluation * phase.Choices.Resolutions.Average(Cost));

            case { Role: PhaseRole.Search } when spec.Search is { } search:
            {
                var finetune = search.FinetuneEpochs * (train / FinetuneBatch * FinetuneBatch);
                return new RunWork(0, 0, 0, search.Targets.Count * (recorded + finetune + (search.FinetuneEpochs > 0 ? test * ForwardShare : 0)) * maxCost);
            }

            default:
                return new RunWork(0, 0, 0, 0);
        }
    }
}
