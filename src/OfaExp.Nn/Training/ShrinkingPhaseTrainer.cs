using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Networks;
using OfaExp.Nn.Subnets;
using TorchSharp;
using static TorchSharp.torch;

namespace OfaExp.Nn.Training;

/// <summary>
/// OFA's progressive-shrinking phases (kernel, depth, expand) and OFAv2's Elastic Level and Elastic Height: start
/// from the parent phase's supernet and train it with subnets sampled from the phase's elastic choices (branch
/// patterns and exits included; a subnet classifies at its one sampled exit). Each optimizer step draws one input resolution and
/// <see cref="PhaseSpec.SubnetsPerStep"/> subnets (seeded by run seed, phase, epoch, step and index), back-propagates
/// each one's loss and then steps once, as OFA's dynamic_batch_size loop. The loss is label-smoothed CE plus
/// kd.ratio x the kd.loss term (<see cref="Distillation"/>), the teacher being the maximal network of the run
/// graph's teacher run.
/// Expand phases may first sort middle channels by importance. After each epoch the maximal subnet is evaluated
/// with BN recalibration (epoch metrics), then a checkpoint is saved; after the last epoch the declared subnet grid
/// is evaluated and recorded once (with each exit of the maximal subnet for early-exit supernets).
/// </summary>
public sealed class ShrinkingPhaseTrainer(PhaseKind kind) : IPhaseTrainer
{
    public PhaseKind Kind { get; } = kind;

    public PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (spec, phase, recorder) = (context.Spec, context.Phase, context.Recorder);
        if (context.ParentModel is null)
        {
            throw new OfaExpException(
                $"Phase '{phase.Name}' ({PhaseKindNames.Spelling.Name(Kind)}) shrinks a trained supernet, but it has no parent phase. Put a 'full' phase "
                + "before it in the pipeline.");
        }

        if (spec.Kd.Enabled && context.TeacherModel is null)
        {
            throw new OfaExpException(
                $"Phase '{phase.Name}' distills (kd.ratio {spec.Kd.Ratio}) but was given no teacher model; this is a planning bug.",
                ExitCodes.Internal);
        }

        var timings = context.Timings;
        var setup = timings.Time(TimeCategory.Setup);
        var target = TorchDevices.Configure(spec.Device);
        setup.Dispose();
        PhaseData data;
        using (timings.Time(TimeCategory.DataLoad))
        {
            data = PhaseData.Load(spec, phase, (epoch, step) => StepResolution(spec, phase, epoch, step));
        }

        using var dataOwner = data;
        var schedule = LrSchedule.For(phase, data.Train.StepsPerEpoch);

        setup = timings.Time(TimeCategory.Setup);
        using var net = target.Create(dtype => new OfaMobileNetV3(phase.Trained(spec.Supernet), spec.Data.Info, TrainingSeeds.Init(spec.Seed), dtype));
        PhaseResume.LoadModel(net, context.ParentModel, recorder.RunId, "parent");
        setup.Dispose();
        using var evaluator = new SubnetEvaluator(spec, data, target, timings);
        setup = timings.Time(TimeCategory.Setup);
        using var teacher = spec.Kd.Enabled ? Teacher(spec, context.TeacherModel!, target, recorder.RunId) : null;
        using var optimizer = PhaseOptimizer.Create(net, phase);

        var steps = data.Train.StepsPerEpoch;
        var start = PhaseResume.Start(recorder, net, optimizer, target.Device, phase, steps);
        if (!start.Resumed && phase.SortChannels)
        {
            // OFA sorts before each expand phase, keeping the channel groups of narrower widths already trained.
            net.re_organize_middle_weights(Math.Max(0, phase.Choices.ExpandRatios.Count - 2));
        }

        setup.Dispose();

        var maxConfig = net.space.Max.WithResolution(phase.Choices.Resolutions.Max());
        var loop = new PhaseLoop(context, data.Train, schedule, optimizer, net);
        var lastEpochMetrics = loop.Run(
            start,
            (epoch, step, batch) => (Step(net, teacher, optimizer, spec, phase, batch, target, epoch, step), 0),
            (epoch, losses, _) =>
            {
                var eval = evaluator.Evaluate(net, maxConfig);
                return
                [
                    new(epoch, -1, "train_loss", losses.Average()),
                    new(epoch, -1, "val_loss", eval.Loss),
                    new(epoch, -1, "val_top1", eval.Top1),
                    new(epoch, -1, "val_top5", eval.Top5),
                    new(epoch, -1, "lr", schedule.At(epoch, steps - 1)),
                ];
            },
            cancellationToken);

        var grid = evaluator.EvaluateGrid(net, what =>
        {
            // Stop between evaluations: the last epoch's checkpoint is saved, and a resumed run evaluates again.
            cancellationToken.ThrowIfCancellationRequested();
            context.Progress?.Report(new TrainProgress(
                recorder.RunId, phase.Name, phase.TotalEpochs, phase.TotalEpochs, steps, steps, 0, 0, TimeSpan.Zero, "evaluate " + what));
        });
        using (timings.Time(TimeCategory.Recording))
        {
            recorder.RecordSubnetEvaluations(grid);
            recorder.Heartbeat();
        }

        using var saving = timings.Time(TimeCategory.Checkpoint);
        return new PhaseOutcome(ModelState.Save(net), lastEpochMetrics);
    }

    private static double Step(
        OfaMobileNetV3 net, MobileNetV3? teacher, TorchSharp.Modules.SGD optimizer, ExperimentSpec spec, PhaseSpec phase,
        Data.Batch buffer, TorchTarget target, int epoch, int step)
    {
        using var scope = NewDisposeScope();
        var resolution = StepResolution(spec, phase, epoch, step);
        var (images, labels) = BatchTensors.ToDevice(buffer, target, resolution);
        Tensor[]? teacherExits = null;
        if (teacher is not null)
        {
            using var noGrad = no_grad();
            teacherExits = teacher.forward_exits(images);
        }

        var choices = new SubnetChoices(
            phase.Choices.KernelSizes, phase.Choices.ExpandRatios, phase.Choices.Depths, [resolution], phase.Choices.Levels, phase.Choices.Exits);
        optimizer.zero_grad();
        double lossSum = 0;
        for (var j = 0; j < phase.SubnetsPerStep; j++)
        {
            var subnet = net.space.Sample(TrainingSeeds.Subnet(spec.Seed, phase.Name, epoch, step, j), choices);
            net.set_active_subnet(subnet);
            net.SeedDropout(TrainingSeeds.Dropout(spec.Seed, phase.Name, epoch, step, j));
            var logits = net.forward(images);
            var loss = Losses.LabelSmoothedCrossEntropy(logits, labels, phase.LabelSmoothing);
            if (teacherExits is not null)
            {
                loss = loss + (spec.Kd.Ratio * Distillation(spec.Kd, logits, teacherExits, subnet.Exit));
            }

            loss.backward();
            lossSum += loss.ToDouble();
        }

        optimizer.step();
        net.set_max_net();
        return lossSum / phase.SubnetsPerStep;
    }

    /// <summary>The input resolution of one step: one of the phase's, drawn per batch (OFA's elastic resolution).</summary>
    private static int StepResolution(ExperimentSpec spec, PhaseSpec phase, int epoch, int step)
    {
        var resolutions = phase.Choices.Resolutions;
        return resolutions[new SplitMix64(TrainingSeeds.Resolution(spec.Seed, phase.Name, epoch, step)).NextInt(resolutions.Count)];
    }

    /// <summary>
    /// The KD term of <paramref name="kd"/> for a student classifying at <paramref name="studentExit"/>, given the
    /// teacher's logits at every exit it has (one for a single-exit teacher, five for an early-exit one, whose last
    /// entry is its final output). Definitions in <see cref="KdSpec"/> and docs/experiments.md.
    /// </summary>
    internal static Tensor Distillation(KdSpec kd, Tensor studentLogits, IReadOnlyList<Tensor> teacherExits, int studentExit)
    {
        // Teacher logits come from a no_grad forward, so every target below is a constant of the student's graph.
        var final = teacherExits[^1];
        return kd.Loss switch
        {
            KdLoss.Logits => Losses.SoftTargetCrossEntropy(studentLogits, nn.functional.softmax(final, 1)),
            KdLoss.Kl => Losses.TemperedKl(studentLogits, final, kd.Temperature),
            KdLoss.Ensemble => Losses.SoftTargetCrossEntropy(studentLogits, nn.functional.softmax(ExitWeights.Ensemble(teacherExits), 1)),
            KdLoss.Exit => Losses.SoftTargetCrossEntropy(
                studentLogits, nn.functional.softmax(teacherExits[teacherExits.Count == 1 ? 0 : studentExit - 1], 1)),
            KdLoss.None => throw new OfaExpException("kd.loss 'none' has no distillation term; the trainer should not have asked for one.", ExitCodes.Internal),
        };
    }

    /// <summary>
    /// The teacher run's supernet at its maximal configuration, extracted to a static network (with all its exits for
    /// an early-exit supernet, as OFAv2 keeps them for ENS-KD). It runs as both reference implementations run their
    /// teachers: BN in training mode, so every batch is normalized with its own statistics at the step's resolution
    /// (OFA calls teacher.train() under no_grad), which also makes a fixed and an extracted teacher directly
    /// comparable without recalibrating either. Dropout stays off: OFA builds its teacher with dropout 0, and a
    /// teacher's targets should not depend on a mask.
    /// </summary>
    private static MobileNetV3 Teacher(ExperimentSpec spec, byte[] model, TorchTarget target, string runId)
    {
        using var supernet = target.Create(dtype => new OfaMobileNetV3(spec.Supernet, spec.Data.Info, TrainingSeeds.Init(spec.Seed), dtype));
        PhaseResume.LoadModel(supernet, model, runId, "teacher");
        supernet.set_active_subnet(supernet.space.Max.WithResolution(spec.Supernet.MaxResolution));
        var teacher = supernet.get_active_subnet(spec.Supernet.HasEarlyExits);
        teacher.train();
        foreach (var classifier in teacher.modules().OfType<Layers.LinearLayer>())
        {
            classifier.eval();
        }

        return teacher;
    }
}
