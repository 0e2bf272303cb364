using OfaExp.Core.Runs;
using OfaExp.Core.Spec;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>The search phases end to end on a tiny supernet trained on real Fashion-MNIST.</summary>
public sealed class SearchEndToEndTests
{
    private static readonly string Searching = Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, accuracy_dataset, predictor, latency_table, search]", StringComparison.Ordinal) + """
        eval:
          recal_images: 64
          recal_batch_size: 32
          test_subset: 100
        accuracy_dataset:
          samples: 12
        predictor:
          hidden_size: 16
          epochs: 5
          holdout_fraction: 0.25
        latency_table:
          warmup: 1
          repeats: 3
          check_subnets: 3
        search:
          efficiency: latency
          population: 8
          generations: 4
          n2: 2
          finetune_epochs: 1
        sweep:
          search.strategy: [independent, top_down]
        tables:
          found:
            source: subnets
            rows: [search.strategy, subnet]
            where: phase == search
            values:
              predicted_top1: {expr: last(predicted_top1), format: F4}
              top1: {expr: last(top1), format: F2}

        """;

    [Fact]
    public void Data_set_predictor_latency_table_and_search_run_as_runs_and_a_second_sweep_reuses_them()
    {
        using var box = new Sandbox();
        // Latency targets can only be checked once the table exists: an impossible one fails the search run (the
        // runs before it are done), and the table's range then gives the real targets.
        box.Write("experiments/s/experiment.yaml", Searching.Replace("  n2: 2\n", "  n2: 2\n  targets: [1000000ms]\n", StringComparison.Ordinal));

        var first = box.Run("sweep", "experiments/s");
        Assert.Equal(1, first.Exit);
        Assert.Contains("Search target 1000000ms is outside what the space can reach", first.Out + first.Err, StringComparison.Ordinal);

        double min, max;
        using (var store = RunStore.Open(box.Db))
        {
            var table = store.All().Single(r => r.Phase == "latency_table");
            Assert.Equal(RunStatus.Done, table.Status);
            var metrics = store.Metrics(table.Id).ToDictionary(m => m.Name, m => m.Value);
            (min, max) = (metrics["min_ms"], metrics["max_ms"]);
            Assert.InRange(metrics["latency_check_r"], -1, 1);
            var checks = store.Evaluations(table.Id);
            Assert.Equal(3, checks.Count);
            Assert.All(checks, c => Assert.True(c.LatencyMs > 0 && c.PredictedCost > 0));

            var data = store.All().Single(r => r.Phase == "accuracy_dataset");
            Assert.Equal(12, store.Evaluations(data.Id).Count(e => e.Name.StartsWith("pair", StringComparison.Ordinal)));
            var predictor = store.All().Single(r => r.Phase == "predictor");
            Assert.Contains(store.Metrics(predictor.Id), m => m.Name == "val_kendall_tau");
        }

        // Now that the table is recorded, the same impossible target is refused before any work, with the range.
        var refused = box.Run("sweep", "experiments/s");
        Assert.Equal(2, refused.Exit);
        Assert.Contains("search.targets: Search target 1000000ms is outside what the space can reach", refused.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("trained", refused.Out, StringComparison.Ordinal);

        var targets = FormattableString.Invariant($"[{min + ((max - min) * 0.4):R}ms, {min + ((max - min) * 0.8):R}ms]");
        box.Write("experiments/s/experiment.yaml", Searching.Replace("  n2: 2\n", $"  n2: 2\n  targets: {targets}\n", StringComparison.Ordinal));
        var second = box.Run("sweep", "experiments/s");
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("2 trained, 4 reused", second.Out, StringComparison.Ordinal);

        using (var store = RunStore.Open(box.Db))
        {
            // Plan-time checks of table metrics trust PhaseMetrics: every name a trainer recorded must be listed there.
            foreach (var run in store.All().Where(r => r.Status == RunStatus.Done))
            {
                Assert.Subset(PhaseMetrics.Of(PhaseKindNames.Spelling.Parse(run.Phase)).ToHashSet(), store.Metrics(run.Id).Select(m => m.Name).ToHashSet());
            }

            foreach (var search in store.All().Where(r => r.Phase == "search" && r.Status == RunStatus.Done))
            {
                var all = store.Evaluations(search.Id);
                Assert.Equal(2, all.Count(e => e.Name.EndsWith("/finetuned", StringComparison.Ordinal)));
                var found = all.Where(e => !e.Name.EndsWith("/finetuned", StringComparison.Ordinal)).ToList();
                Assert.Equal(2, found.Count);
                Assert.All(found, f => Assert.True(f.PredictedCost <= double.Parse(f.Name[..^2], System.Globalization.CultureInfo.InvariantCulture) && f.LatencyMs > 0 && f.PredictedTop1 is not null));
                var metrics = store.Metrics(search.Id).Select(m => m.Name).ToHashSet();
                Assert.Superset(new HashSet<string> { "search_seconds", "speedup_vs_independent", "mean_abs_predicted_diff", "target_seconds" }, metrics);

                // Two targets: one follow-up; the comparison's counts, differences and noise floor are all recorded.
                var values = store.Metrics(search.Id).Where(m => m.Step == -1).ToDictionary(m => m.Name, m => m.Value);
                Assert.Equal(1, values["followup_targets"]);
                Assert.True(values["noise_abs_top1_diff"] >= 0 && values["noise_abs_predicted_diff"] >= 0);
                Assert.True(values["independent_generations"] == 8 && values["generations"] <= 8, $"{values["generations"]} generations");
                Assert.True(values["independent_predictor_evaluations"] > 0 && values["predictor_evaluations"] > 0);
                Assert.Equal(Math.Abs(values["followup_predicted_diff"]), values["followup_abs_predicted_diff"], 9);
                if (values["generations"] == 8)
                {
                    // Independent: the strategy is its own baseline, so the follow-up differences are exactly 0.
                    Assert.Equal(0, values["followup_top1_diff"]);
                    Assert.Equal(1.0, values["speedup_vs_independent"]);
                }
            }
        }

        var csv = File.ReadAllText(Path.Combine(box.Root, "artifacts", "tables", "s", "found.csv"));
        Assert.StartsWith("search.strategy,subnet,predicted_top1,top1", csv, StringComparison.Ordinal);
        Assert.Equal(9, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // 2 strategies x 2 targets, searched and fine-tuned

        var third = box.Run("sweep", "experiments/s");
        Assert.True(third.Exit == 0, third.Err);
        Assert.Contains("0 trained, 6 reused", third.Out, StringComparison.Ordinal);
        Assert.Equal(csv, File.ReadAllText(Path.Combine(box.Root, "artifacts", "tables", "s", "found.csv")));

        // A one-off query of the trained supernet is a run of its own, recorded once.
        string fullId;
        using (var store = RunStore.Open(box.Db))
        {
            fullId = store.All().Single(r => r.Phase == "full").Id[..12];
        }

        var target = FormattableString.Invariant($"{min + ((max - min) * 0.6):R}ms");
        var query = box.Run("search", fullId, "--target", target, "--strategy", "top_down", "--experiments", "experiments/s");
        Assert.True(query.Exit == 0, query.Err);
        Assert.Contains($"target {target} (top_down): r28-", query.Out, StringComparison.Ordinal);
        Assert.Contains("predicted top-1", query.Out, StringComparison.Ordinal);
        Assert.Contains("1 trained, 4 reused", query.Out, StringComparison.Ordinal);
        var again = box.Run("search", fullId, "--target", target, "--strategy", "top_down", "--experiments", "experiments/s");
        Assert.True(again.Exit == 0, again.Err);
        Assert.Contains("0 trained, 5 reused", again.Out, StringComparison.Ordinal);
        Assert.Equal(query.Out.Split('\n').Where(l => l.Contains("predicted top-1", StringComparison.Ordinal)), again.Out.Split('\n').Where(l => l.Contains("predicted top-1", StringComparison.Ordinal)));

        // Exporting what a search found: from the one-off query (recorded, not planned) and, through the supernet run,
        // from a planned search; both are recorded with the supernet run, whose weights they hold.
        string queryId, plannedTarget, queried;
        List<string> planned;
        using (var store = RunStore.Open(box.Db))
        {
            var searches = store.All().Where(r => r.Phase == "search" && r.Status == RunStatus.Done).ToList();
            queryId = searches.Single(r => store.Evaluations(r.Id).Any(e => e.Name == target)).Id;
            queried = store.Evaluations(queryId).Single(e => e.Name == target).Architecture;
            plannedTarget = store.Evaluations(searches.First(r => r.Id != queryId).Id).First(e => e.PredictedTop1 is not null).Name;

            // Either strategy's search may come first in the plan; each found its own subnet for the target.
            planned = [.. searches.Where(r => r.Id != queryId).SelectMany(r => store.Evaluations(r.Id)).Where(e => e.Name == plannedTarget).Select(e => e.Architecture)];
        }

        var fromQuery = box.Run("export", queryId[..12], "--target", target, "--format", "onnx", "--out", "found.onnx", "--experiments", "experiments/s");
        Assert.True(fromQuery.Exit == 0, fromQuery.Err);
        Assert.Contains($"exported {queried} (onnx)", fromQuery.Out, StringComparison.Ordinal);
        var fromSupernet = box.Run("export", fullId, "--target", plannedTarget, "--format", "pytorch", "--out", "found.pt", "--experiments", "experiments/s");
        Assert.True(fromSupernet.Exit == 0, fromSupernet.Err);
        using (var store = RunStore.Open(box.Db))
        {
            var exports = store.Artifacts(store.ResolvePrefix(fullId)).Where(a => a.Kind == ArtifactRecord.ExportKind).Select(a => a.Export!.Subnet).ToList();
            Assert.Equal(2, exports.Count);
            Assert.Equal(queried, exports[0]);
            Assert.Contains(exports[1], planned);
        }
    }
}
