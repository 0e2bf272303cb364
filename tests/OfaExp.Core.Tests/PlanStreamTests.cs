using OfaExp.Core.Config;
using OfaExp.Core.Planning;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Tests;

public sealed class PlanStreamTests
{
    private const string Shrinking = """
        supernet: {resolutions: [28]}
        pipeline: [full, kernel, depth1]
        phases:
          kernel: {epochs: 1}
          depth1: {kind: depth, depths: [2, 3, 4]}

        """;

    private static List<(ExperimentSource, ExperimentConfig)> Load(string directory) =>
        ExperimentTree.Discover(directory).Select(s => (s, ExperimentTree.Load(s, []))).ToList();

    [Fact]
    public void Each_step_brings_exactly_the_runs_no_earlier_point_reached_in_pipeline_order()
    {
        using var tree = new TempTree();
        tree.Write("a/experiment.yaml", Shrinking + "sweep:\n  seed: [0, 1]\n  phases.depth1.lr: [0.01, 0.02, 0.03]\n");
        tree.Write("b/experiment.yaml", Shrinking + "sweep:\n  seed: [1, 2]\n");
        var experiments = Load(tree.Root);

        var steps = RunPlanner.Stream(experiments, _ => Plans.Fingerprint).ToList();
        var plan = RunPlanner.Plan(experiments, _ => Plans.Fingerprint);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            var expected = step.Point.RunIds.Where(seen.Add).ToList();
            Assert.Equal(expected, step.NewRuns.Select(r => r.Id));
            Assert.All(step.NewRuns, r => Assert.Equal([$"{step.Point.Experiment}#{step.Point.Index}"], r.Points));
        }

        // Shared runs: a's full and kernel runs of each seed serve its three lr points, and b's seed 1 shares a's.
        Assert.Equal(plan.Runs.Select(r => r.Id), steps.SelectMany(s => s.NewRuns).Select(r => r.Id));
        Assert.Equal(plan.Points.Select(p => (p.Experiment, p.Index, p.Label)), steps.Select(s => (s.Point.Experiment, s.Point.Index, s.Point.Label)));
        Assert.Equal(["a#0", "a#1", "a#2"], plan.Runs.First(r => r.Phase == "full").Points);
        Assert.Equal(["a#3", "a#4", "a#5", "b#0"], plan.Runs.Single(r => r.Phase == "kernel" && r.Spec.Seed == 1).Points);
        Assert.Equal((2 * 2) + 6 + 1 + 3, plan.Runs.Count); // a: full, kernel per seed + depth1 per point; b: seed 1 depth1, seed 2 all three
    }

    [Fact]
    public void Enumerating_again_plans_the_same_steps()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Shrinking + "sweep:\n  seed: [0, 1]\n  phases.depth1.lr: [0.01, 0.02]\n");
        var stream = RunPlanner.Stream(Load(tree.Root), _ => Plans.Fingerprint);

        static string Render(IEnumerable<PlanStep> steps) => string.Join("\n", steps.Select(s =>
            $"{s.Point.Label} {string.Join(",", s.Point.RunIds)} {s.Point.SettingsJson} new={string.Join(",", s.NewRuns.Select(r => r.Id + r.ConfigJson))}"));

        Assert.Equal(Render(stream), Render(stream));
    }

    [Fact]
    public void Points_are_planned_only_as_they_are_asked_for()
    {
        using var tree = new TempTree();

        // 10^6 points, the cap: each point has its own data split, so each asks for a fingerprint.
        var values = string.Join(", ", Enumerable.Range(0, 1000));
        tree.Write("e/experiment.yaml", $"supernet: {{resolutions: [28]}}\npipeline: [full]\nsweep:\n  seed: [{values}]\n  data.split_seed: [{values}]\n");
        var fingerprinted = new List<DataSpec>();
        var stream = RunPlanner.Stream(Load(tree.Root), spec =>
        {
            fingerprinted.Add(spec);
            return Plans.Fingerprint;
        });

        Assert.Empty(fingerprinted);
        var first = stream.Take(3).ToList();
        Assert.Equal([0, 1, 2], first.Select(s => s.Point.Index));
        Assert.Equal([0, 1, 2], fingerprinted.Select(d => d.SplitSeed));
    }

    [Fact]
    public void A_sweep_over_the_cap_fails_when_the_stream_is_made_before_any_point()
    {
        using var tree = new TempTree();
        var values = string.Join(", ", Enumerable.Range(0, 1001));
        tree.Write("a/experiment.yaml", "supernet: {resolutions: [28]}\npipeline: [full]\n");
        tree.Write("b/experiment.yaml", $"supernet: {{resolutions: [28]}}\npipeline: [full]\nsweep:\n  seed: [{values}]\n  data.split_seed: [{values}]\n");
        int fingerprints = 0;

        var e = Assert.Throws<ConfigException>(() => RunPlanner.Stream(Load(tree.Root), _ => Plans.Fingerprint + fingerprints++));
        Assert.Contains("at most 1000000", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, fingerprints);
    }

    [Fact]
    public void Points_can_leave_out_their_settings()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Shrinking + "sweep:\n  seed: [0, 1]\n");
        var experiments = Load(tree.Root);

        var with = RunPlanner.Stream(experiments, _ => Plans.Fingerprint).ToList();
        var without = RunPlanner.Stream(experiments, _ => Plans.Fingerprint, settings: false).ToList();

        Assert.All(with, s => Assert.Contains("\"seed\":", s.Point.SettingsJson, StringComparison.Ordinal));
        Assert.All(without, s => Assert.Null(s.Point.SettingsJson));
        Assert.Equal(with.Select(s => string.Join(",", s.Point.RunIds)), without.Select(s => string.Join(",", s.Point.RunIds)));
    }

    [Fact]
    public void A_run_key_is_the_ids_bytes()
    {
        var id = new string('a', 62) + "0f";
        Assert.Equal(RunKey.Parse(id), RunKey.Parse(id.ToUpperInvariant()));
        Assert.NotEqual(RunKey.Parse(id), RunKey.Parse(new string('a', 62) + "0e"));
        Assert.Throws<ArgumentException>(() => RunKey.Parse(id[..12]));
        Assert.Throws<ArgumentException>(() => RunKey.Parse(new string('g', 64)));
    }
}
