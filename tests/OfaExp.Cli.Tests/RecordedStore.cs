using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Records a plan's runs in a sandbox's store through the RunStore API, as a trainer would have (no training):
/// epoch and step metrics, subnet evaluations of the shrinking phases, checkpoints and the final model.
/// </summary>
internal static class RecordedStore
{
    /// <summary>What becomes of a planned run: recorded done, recorded failed, or left out of the store.</summary>
    public enum Outcome
    {
        Done,
        Failed,
        Missing,
    }

    public static void Record(Sandbox box, RunPlan plan, Func<PlannedRun, Outcome> outcome)
    {
        var recorded = plan.Runs.Where(r => outcome(r) != Outcome.Missing).ToList();
        using var store = RunStore.Open(box.Db);
        store.EnsurePlanned(recorded.Select(r => new RunRecord(
            r.Id, r.Experiment, r.Phase, r.ParentId, r.ConfigJson, RunStatus.Pending, 0,
            null, null, null, null, null, null, DateTimeOffset.UnixEpoch, null, null, null, null, null)).ToList());
        foreach (var (run, index) in recorded.Select((r, i) => (r, i)))
        {
            Assert.True(store.TryClaim(run.Id, ClaimInfo.ForCurrentProcess("cpu", "0.1.0-test", "0123456789abcdef")));
            var epochs = run.Phase == "full" ? 3 : 1;
            var metrics = new List<MetricPoint>();
            for (var epoch = 0; epoch < epochs; epoch++)
            {
                var top1 = 60 + (5 * epoch) + index;
                metrics.Add(new MetricPoint(epoch, -1, "val_top1", top1));
                metrics.Add(new MetricPoint(epoch, -1, "val_top5", top1 + 20));
                metrics.Add(new MetricPoint(epoch, -1, "val_loss", 1.5 - (0.125 * epoch)));
                metrics.Add(new MetricPoint(epoch, -1, "train_loss", 1.75 - (0.125 * epoch)));
                metrics.Add(new MetricPoint(epoch, -1, "lr", 0.1 / (epoch + 1)));
                if (run.Phase == "full")
                {
                    metrics.Add(new MetricPoint(epoch, -1, "train_top1", top1 + 2));
                }

                for (var step = 0; step < 4; step++)
                {
                    metrics.Add(new MetricPoint(epoch, (epoch * 4) + step, "loss", 2.0 - (0.0625 * ((epoch * 4) + step))));
                }
            }

            store.AddMetrics(run.Id, metrics);
            if (run.Phase != "full")
            {
                store.AddEvaluations(run.Id, [.. new[] { ("min", 0.5), ("mid", 1.0), ("max", 2.0) }.SelectMany(s => new[] { 20, 28 }.Select(res =>
                    new SubnetEvaluation(s.Item1, $"r{res}-{s.Item1}", res, 0, 50 + (10 * s.Item2) + (res / 4.0) + index, 90, 1.0 / s.Item2, s.Item2 * res * res * 1000, (long)(s.Item2 * 100_000), null)
                    {
                        TestTop1 = 49 + (10 * s.Item2) + (res / 4.0) + index,
                        TestTop5 = 89,
                    }))]);
            }

            for (var epoch = 0; epoch < epochs; epoch++)
            {
                store.AddArtifact(Artifact(run.Id, "checkpoint", epoch));
            }

            if (outcome(run) == Outcome.Failed)
            {
                store.Fail(run.Id, "loss is NaN at epoch 1, step 3 (lr too high?)");
                continue;
            }

            store.AddArtifact(Artifact(run.Id, "model", null));
            store.Complete(run.Id, run.Id);
        }
    }

    private static ArtifactRecord Artifact(string run, string kind, int? epoch)
    {
        var hash = Core.Hashing.RunIdentity.Sha256Hex($"{run}:{kind}:{epoch}");
        return new ArtifactRecord(run, kind, epoch, hash, 123_456 + (epoch ?? 9), $"{hash[..2]}/{hash[2..]}");
    }
}
