using OfaExp.Core.Errors;
using OfaExp.Core.Execution;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Seeding;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Training;
using OfaExp.Search;
using TorchSharp;
using static TorchSharp.torch;

namespace OfaExp.Nn.Search;

/// <summary>
/// The <c>predictor</c> phase: OFA's accuracy predictor trained on the lineage's accuracy data set. A seeded
/// <c>predictor.holdout_fraction</c> of the pairs is held out; the MLP (three hidden ReLU layers, a bias-free linear
/// output) learns top-1 as a fraction minus the base accuracy (the training pairs' mean), with Adam and MSE. OFA's
/// released code has the predictor's shape, its non-trained <c>base_acc</c> and a data loader that returns the
/// measured accuracies' mean, but no training loop: the optimiser, loss, schedule and target are OfaExp's choices.
/// The trained weights become an <see cref="AccuracyPredictor"/> in percent (output layer and base
/// scaled by 100), the exact object the search ranks candidates with, and its held-out RMSE (points) and Kendall tau
/// are recorded (<c>val_rmse</c>, <c>val_kendall_tau</c>; per epoch <c>train_loss</c>).
/// </summary>
public sealed class PredictorTrainer : IPhaseTrainer
{
    public PhaseKind Kind => PhaseKind.Predictor;

    public PhaseOutcome Run(PhaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (spec, phase, recorder) = (context.Spec, context.Phase, context.Recorder);
        var settings = spec.Predictor;
        var datasetBytes = context.RequiredAncestor(PhaseRole.AccuracyDataset, "an accuracy data set to train on", "accuracy_dataset");
        var pairs = AccuracyPair.Read(datasetBytes);
        var encoding = new PredictorEncoding(new CandidateSpace(new SubnetSpace(spec.Supernet)));
        var (train, holdout) = Split(pairs, settings.HoldoutFraction, SeedDerivation.Derive(spec.Seed, "phase", phase.Name, "holdout"));
        if (train.Count < 2 || holdout.Count < 2)
        {
            throw new OfaExpException(
                $"Phase '{phase.Name}' has {pairs.Count} pairs: {train.Count} to train on and {holdout.Count} held out. Raise accuracy_dataset.samples or change predictor.holdout_fraction.",
                ExitCodes.BadInput);
        }

        // A 3x400 MLP on a few thousand pairs trains in seconds on the CPU, where it stays off the GPU's other work.
        var target = TorchDevices.Configure(spec.Device with { Kind = DeviceKind.Cpu });
        var baseAccuracy = train.Average(p => p.Top1 / 100.0);
        var metrics = new List<MetricPoint>();
        var (weights, biases) = Fit(encoding, train, baseAccuracy, settings, target, SeedDerivation.Derive(spec.Seed, "phase", phase.Name, "fit"), metrics, context, cancellationToken);
        var predictor = new AccuracyPredictor(encoding, weights, biases, (float)(baseAccuracy * 100));

        var actual = holdout.Select(p => p.Top1).ToList();
        var predicted = holdout.Select(p => (double)predictor.Predict(encoding.Space.FromConfig(p.Subnet))).ToList();
        var trainRmse = SearchStatistics.Rmse([.. train.Select(p => p.Top1)], [.. train.Select(p => (double)predictor.Predict(encoding.Space.FromConfig(p.Subnet)))]);
        var last = settings.Epochs - 1;
        metrics.Add(new(last, -1, "val_rmse", SearchStatistics.Rmse(actual, predicted)));
        metrics.Add(new(last, -1, "val_kendall_tau", SearchStatistics.KendallTau(actual, predicted)));
        metrics.Add(new(last, -1, "train_rmse", trainRmse));
        metrics.Add(new(last, -1, "train_pairs", train.Count));
        metrics.Add(new(last, -1, "val_pairs", holdout.Count));
        recorder.RecordMetrics(metrics);
        recorder.Heartbeat();
        return new PhaseOutcome(predictor.ToBytes(), metrics.Where(m => m.Step == -1 && m.Epoch == last).ToList());
    }

    /// <summary>A seeded permutation of the pairs; the first round(n x fraction) are held out.</summary>
    public static (IReadOnlyList<AccuracyPair> Train, IReadOnlyList<AccuracyPair> Holdout) Split(IReadOnlyList<AccuracyPair> pairs, double fraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var order = Enumerable.Range(0, pairs.Count).ToArray();
        var rng = new SplitMix64(seed);
        rng.Shuffle(order.AsSpan());
        var held = (int)Math.Round(pairs.Count * fraction, MidpointRounding.ToEven);
        return ([.. order.Skip(held).Select(i => pairs[i])], [.. order.Take(held).Select(i => pairs[i])]);
    }

    private static (float[][] Weights, float[][] Biases) Fit(
        PredictorEncoding encoding, IReadOnlyList<AccuracyPair> train, double baseAccuracy, PredictorSpec settings, TorchTarget target, ulong seed,
        List<MetricPoint> metrics, PhaseContext context, CancellationToken cancellationToken)
    {
        var inputs = encoding.InputSize;
        var hidden = settings.HiddenSize;
        var x = train.SelectMany(p => encoding.Dense(encoding.Space.FromConfig(p.Subnet))).ToArray();
        var y = train.Select(p => (float)((p.Top1 / 100.0) - baseAccuracy)).ToArray();
        random.manual_seed(SeedDerivation.ToTorchSeed(seed));
        using var l1 = target.Create(dtype => nn.Linear(inputs, hidden, dtype: dtype));
        using var l2 = target.Create(dtype => nn.Linear(hidden, hidden, dtype: dtype));
        using var l3 = target.Create(dtype => nn.Linear(hidden, hidden, dtype: dtype));
        using var l4 = target.Create(dtype => nn.Linear(hidden, 1, hasBias: false, dtype: dtype));
        using var model = nn.Sequential(("0", l1), ("1", nn.ReLU()), ("2", l2), ("3", nn.ReLU()), ("4", l3), ("5", nn.ReLU()), ("6", l4));
        using var optimizer = optim.Adam(model.parameters(), settings.Lr, weight_decay: settings.WeightDecay);
        using var allX = target.Place(tensor(x)).reshape(train.Count, inputs);
        using var allY = target.Place(tensor(y));
        var order = Enumerable.Range(0, train.Count).ToArray();
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rng = new SplitMix64(SeedDerivation.ForIndex(seed, epoch));
            rng.Shuffle(order.AsSpan());
            double lossSum = 0;
            var batches = 0;
            for (var start = 0; start < order.Length; start += settings.BatchSize)
            {
                using var scope = NewDisposeScope();
                var index = tensor(order.Skip(start).Take(settings.BatchSize).Select(i => (long)i).ToArray());
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(model.forward(allX.index_select(0, index)).squeeze(-1), allY.index_select(0, index));
                loss.backward();
                optimizer.step();
                lossSum += loss.ToDouble();
                batches++;
            }

            metrics.Add(new(epoch, -1, "train_loss", lossSum / batches));
            context.Progress?.Report(new TrainProgress(context.Recorder.RunId, context.Phase.Name, epoch + 1, settings.Epochs, batches, batches, lossSum / batches, 0, TimeSpan.Zero, "fit predictor"));
        }

        // The predictor's file and the search's managed forward are float32 whatever the training dtype.
        float[] Data(Tensor t, float scale = 1) => [.. t.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray().Select(v => v * scale)];
        return (
            [Data(l1.weight!), Data(l2.weight!), Data(l3.weight!), Data(l4.weight!, 100)],
            [Data(l1.bias!), Data(l2.bias!), Data(l3.bias!), new float[1]]);
    }
}
