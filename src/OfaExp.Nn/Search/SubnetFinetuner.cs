using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Training;
using static TorchSharp.torch;

namespace OfaExp.Nn.Search;

/// <summary>
/// Fine-tunes a searched subnet on its own, as OFA optionally does before deployment: the extracted static network is
/// trained at its resolution for <c>search.finetune_epochs</c> epochs with SGD (Nesterov momentum 0.9, weight decay
/// 3e-5 off BN and biases, label smoothing 0.1, batches of <see cref="BatchSize"/>, cosine LR from
/// <c>search.finetune_lr</c>), the batch order and dropout seeded from the run seed, then validated.
/// </summary>
public static class SubnetFinetuner
{
    public const int BatchSize = 64;

    /// <summary>The schedule and optimizer settings of a fine-tuning, as a phase (no elastic choices).</summary>
    public static PhaseSpec Phase(string searchPhase, SearchSpec search, ElasticChoices choices)
    {
        ArgumentNullException.ThrowIfNull(search);
        return new PhaseSpec(
            searchPhase + "-finetune", PhaseKind.Full, Math.Max(1, search.FinetuneEpochs), 0, 0, BatchSize, BatchSize, search.FinetuneLr,
            0.9, true, 3e-5, 0.1, 256, choices, 1, false);
    }

    public static EvalResult Run(MobileNetV3 subnet, SubnetConfig config, PhaseSpec phase, PhaseData data, int seed, TorchTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subnet);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(data);
        using var optimizer = PhaseOptimizer.Create(subnet, phase);
        var schedule = LrSchedule.For(phase, data.Train.StepsPerEpoch);
        for (var epoch = 0; epoch < phase.TotalEpochs; epoch++)
        {
            subnet.train();
            for (var step = 0; step < data.Train.StepsPerEpoch; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                PhaseOptimizer.SetLearningRate(optimizer, schedule.At(epoch, step));
                var (images, labels) = BatchTensors.ToDevice(data.Train.Get(epoch, step), target, config.Resolution);
                subnet.SeedDropout(TrainingSeeds.Dropout(seed, phase.Name, epoch, step));
                optimizer.zero_grad();
                Losses.LabelSmoothedCrossEntropy(subnet.forward(images), labels, phase.LabelSmoothing).backward();
                optimizer.step();
            }
        }

        return Evaluator.Evaluate(subnet, data.Validation, target, config.Resolution);
    }
}
