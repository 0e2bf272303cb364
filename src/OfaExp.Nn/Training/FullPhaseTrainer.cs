using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Data;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// OFA's first phase: train the maximal network (largest kernel, expand and depth) as the teacher. For an early-exit
/// supernet (OFAv2) that is the network with all five exits: the loss is sum_i w_i CE_i and the output (train and
/// validation top-1) is the weighted ensemble sum_i v_i z_i; at the end each exit is evaluated on its own
/// (subnets exit1..exit5) so that the per-exit table starts at the full phase.
/// SGD with (Nesterov) momentum, weight decay on conv/linear weights only, per-step warm-up + cosine LR,
/// label-smoothed cross entropy. After every epoch: validation on the held-out split, one RecordMetrics call
/// (per-step "loss" at Step = global step; epoch-level train_loss, train_top1, val_loss, val_top1, val_top5 and
/// lr = the epoch's last step LR, at Step = -1), then a checkpoint. A run resumes from its latest checkpoint and
/// ends with the same bytes and metrics as an uninterrupted one.
/// </summary>
public sealed class FullPhaseTrainer : IPhaseTrainer
{
    public PhaseKind Kind => PhaseKind.Full;

    public PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (spec, phase, recorder, timings) = (context.Spec, context.Phase, context.Recorder, context.Timings);
        var setup = timings.Time(TimeCategory.Setup);
        var target = TorchDevices.Configure(spec.Device);
        setup.Dispose();
        PhaseData data;
        using (timings.Time(TimeCategory.DataLoad))
        {
            data = PhaseData.Load(spec, phase, (epoch, step) => TrainResolution(spec, phase, epoch, step));
        }

        using var dataOwner = data;
        var schedule = LrSchedule.For(phase, data.Train.StepsPerEpoch);
        var resolution = spec.Supernet.MaxResolution;

        setup = timings.Time(TimeCategory.Setup);
        using var net = target.Create(dtype => new OfaMobileNetV3(phase.Trained(spec.Supernet), spec.Data.Info, TrainingSeeds.Init(spec.Seed), dtype));
        if (context.ParentModel is not null)
        {
            PhaseResume.LoadModel(net, context.ParentModel, recorder.RunId, "parent");
        }

        using var optimizer = PhaseOptimizer.Create(net, phase);

        var start = PhaseResume.Start(recorder, net, optimizer, target.Device, phase, data.Train.StepsPerEpoch);
        setup.Dispose();
        var earlyExits = spec.Supernet.HasEarlyExits;
        var loop = new PhaseLoop(context, data.Train, schedule, optimizer, net);
        var lastEpochMetrics = loop.Run(
            start,
            (epoch, step, batch) =>
            {
                using var scope = NewDisposeScope();
                var (images, labels) = BatchTensors.ToDevice(batch, target, TrainResolution(spec, phase, epoch, step));
                net.SeedDropout(TrainingSeeds.Dropout(spec.Seed, phase.Name, epoch, step));
                optimizer.zero_grad();
                Tensor logits, loss;
                if (earlyExits)
                {
                    var exits = net.forward_exits(images);
                    loss = Losses.WeightedExitLoss(exits, labels, phase.LabelSmoothing);
                    logits = ExitWeights.Ensemble(exits);
                }
                else
                {
                    logits = net.forward(images);
                    loss = Losses.LabelSmoothedCrossEntropy(logits, labels, phase.LabelSmoothing);
                }

                loss.backward();
                optimizer.step();
                long correct;
                using (no_grad())
                {
                    correct = logits.argmax(1).eq(labels).sum().item<long>();
                }

                return (loss.ToDouble(), correct);
            },
            (epoch, losses, correct) =>
            {
                EvalResult eval;
                if (earlyExits)
                {
                    MobileNetV3 ensemble;
                    using (timings.Time(TimeCategory.Extract))
                    {
                        ensemble = net.get_active_subnet(allExits: true);
                    }

                    using (ensemble)
                    using (timings.Time(TimeCategory.Validation))
                    {
                        eval = Evaluator.Evaluate(ensemble, data.Validation, target, resolution);
                    }
                }
                else
                {
                    using var validating = timings.Time(TimeCategory.Validation);
                    eval = Evaluator.Evaluate(net, data.Validation, target, resolution);
                }

                var trainTop1 = 100.0 * correct / ((long)losses.Length * phase.BatchSize);
                return
                [
                    new(epoch, -1, "train_loss", losses.Average()),
                    new(epoch, -1, "train_top1", trainTop1),
                    new(epoch, -1, "val_loss", eval.Loss),
                    new(epoch, -1, "val_top1", eval.Top1),
                    new(epoch, -1, "val_top5", eval.Top5),
                    new(epoch, -1, "lr", schedule.At(epoch, losses.Length - 1)),
                ];
            },
            cancellationToken);

        if (earlyExits)
        {
            using var evaluator = new SubnetEvaluator(spec, data, target, timings);
            var exits = evaluator.EvaluateExits(net, what =>
            {
                // Stop between evaluations: the last epoch's checkpoint is saved, and a resumed run evaluates again.
                cancellationToken.ThrowIfCancellationRequested();
                context.Progress?.Report(new TrainProgress(
                    recorder.RunId, phase.Name, phase.TotalEpochs, phase.TotalEpochs, data.Train.StepsPerEpoch, data.Train.StepsPerEpoch, 0, 0, TimeSpan.Zero, "evaluate " + what));
            });
            using var recording = timings.Time(TimeCategory.Recording);
            recorder.RecordSubnetEvaluations(exits);
            recorder.Heartbeat();
        }

        using var saving = timings.Time(TimeCategory.Checkpoint);
        return new PhaseOutcome(ModelState.Save(net), lastEpochMetrics);
    }

    /// <summary>
    /// The input size of one step: the largest resolution unless the phase lists several, in which case one is drawn
    /// per batch as OFA does in every phase. A single-resolution phase draws nothing, so its results do not depend on
    /// this seed path at all.
    /// </summary>
    private static int TrainResolution(ExperimentSpec spec, PhaseSpec phase, int epoch, int step)
    {
        var choices = phase.Choices.Resolutions;
        return choices.Count == 1
            ? choices[0]
            : choices[new SplitMix64(TrainingSeeds.Resolution(spec.Seed, phase.Name, epoch, step)).NextInt(choices.Count)];
    }
}
