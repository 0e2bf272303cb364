using OfaExp.Core.Execution;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Nn.Search;
using OfaExp.Nn.Training;
using OfaExp.Search;

namespace OfaExp.Nn.Tests;

/// <summary>The predictor phase learns a data set's accuracies, reports held-out figures, and is deterministic.</summary>
public class PredictorTrainerTests
{
    private static readonly SupernetSpec Spec = Presets.TinyElastic;

    // A known accuracy law the predictor can learn: larger kernels, expands, depths and resolutions help.
    private static double Law(SubnetConfig c) =>
        50 + Enumerable.Range(0, c.Kernels.Count).Where(c.IsActive).Sum(i => (0.2 * c.Kernels[i]) + (0.3 * c.Expands[i])) + (0.5 * c.Resolution);

    private static (PhaseOutcome Outcome, InMemoryRecorder Recorder) Train(int seed)
    {
        var space = new SubnetSpace(Spec);
        var pairs = Enumerable.Range(0, 300).Select(i => space.Sample((ulong)(1000 + i))).Select(c => new AccuracyPair(c, Law(c), 1.0)).ToList();
        var phase = Presets.FullPhase with { Name = "predictor", Kind = PhaseKind.Predictor };
        var spec = Presets.Experiment(seed, Spec, phase) with { Predictor = new PredictorSpec(64, 1e-3, 1e-4, 60, 32, 0.2) };
        var recorder = new InMemoryRecorder();
        var bytes = AccuracyPair.Write(pairs);
        var context = new PhaseContext(spec, phase, recorder) { AncestorModel = role => role == PhaseRole.AccuracyDataset ? bytes : null };
        return (new PredictorTrainer().Run(context, CancellationToken.None), recorder);
    }

    [Fact]
    public void It_learns_the_accuracies_ranks_held_out_pairs_and_is_deterministic()
    {
        var (first, recorder) = Train(seed: 3);
        var metrics = recorder.Metrics.Where(m => m.Step == -1).GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last().Value);

        Assert.Equal(240, metrics["train_pairs"]); // 300 pairs, 20% held out
        Assert.Equal(60, metrics["val_pairs"]);
        Assert.True(metrics["val_kendall_tau"] > 0.6, $"held-out Kendall tau {metrics["val_kendall_tau"]}");
        Assert.True(metrics["val_rmse"] < 1.5, $"held-out RMSE {metrics["val_rmse"]} points; the accuracies spread over ~8 points");
        var predictor = AccuracyPredictor.FromBytes(first.ModelBytes);
        var space = new SubnetSpace(Spec);
        Assert.True(predictor.Predict(new CandidateSpace(space).FromConfig(space.Max)) > predictor.Predict(new CandidateSpace(space).FromConfig(space.Min)));

        Assert.Equal(first.ModelBytes, Train(seed: 3).Outcome.ModelBytes);
        Assert.NotEqual(first.ModelBytes, Train(seed: 4).Outcome.ModelBytes);
    }

    [Fact]
    public void The_hold_out_is_a_seeded_partition()
    {
        var space = new SubnetSpace(Spec);
        var pairs = Enumerable.Range(0, 50).Select(i => new AccuracyPair(space.Sample((ulong)i), i, 0)).ToList();
        var (train, held) = PredictorTrainer.Split(pairs, 0.2, 7);

        Assert.Equal(10, held.Count);
        Assert.Equal(pairs.Select(p => p.Top1).Order(), train.Concat(held).Select(p => p.Top1).Order());
        Assert.Equal(held.Select(p => p.Top1), PredictorTrainer.Split(pairs, 0.2, 7).Holdout.Select(p => p.Top1));
    }
}
