using OfaExp.Core.Config;
using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

/// <summary>
/// Derived defaults are filled once per sweep point, by the planner, and what they fill is what the ids hash and the
/// spec reads.
/// </summary>
public sealed class DerivedDefaultsTests
{
    private const string Experiment =
        "pipeline: [full, kernel, depth]\n"
        + "supernet:\n  kernel_sizes: [3, 5]\n  resolutions: [24, 28]\n"
        + "phases:\n  kernel:\n    kernel_sizes: [3, 5]\n"
        + "sweep:\n  supernet.depths: [[2, 3], [3, 4]]\n";

    [Fact]
    public void Applying_them_again_changes_no_value()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        var source = Assert.Single(ExperimentTree.Discover(tree.Dir("e")));
        var config = ExperimentTree.Load(source, []);
        foreach (var point in Sweeps.SweepExpander.Expand(config.Sweep))
        {
            var once = DerivedDefaults.Apply(config.Base, point.Assignments);
            var twice = DerivedDefaults.Apply(once);
            Assert.Equal(once.Values.Keys.Order(StringComparer.Ordinal), twice.Values.Keys.Order(StringComparer.Ordinal));
            Assert.All(once.Values, kv => Assert.Equal(Hashing.CanonicalJson.Write(kv.Value), Hashing.CanonicalJson.Write(twice.Values[kv.Key])));
        }
    }

    [Fact]
    public void The_spec_reads_the_values_the_ids_hash()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        var plan = Plans.Of(tree.Dir("e"));
        foreach (var run in plan.Runs)
        {
            // The depth phase's depths default to the point's supernet.depths: filled per point, before both.
            var phase = run.Spec.Phases[run.Phase];
            var hashed = System.Text.Json.Nodes.JsonNode.Parse(run.ConfigJson)!["inputs"]![$"phases.{run.Phase}.depths"];
            if (hashed is not null)
            {
                Assert.Equal(phase.Choices.Depths, hashed.AsArray().Select(d => (int)d!));
            }
        }

        Assert.Contains(plan.Runs, r => r.Phase == "depth" && r.Spec.Phases["depth"].Choices.Depths.SequenceEqual([3, 4]));
    }
}
