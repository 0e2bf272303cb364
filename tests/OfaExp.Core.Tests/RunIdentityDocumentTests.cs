using OfaExp.Core.Config;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;

namespace OfaExp.Core.Tests;

public sealed class RunIdentityDocumentTests
{
    private const string Experiment = "pipeline: [full, kernel]\nsweep:\n  seed: [1, 2]\n";

    [Fact]
    public void A_planned_identity_reads_back_to_the_same_bytes_id_parent_and_teacher()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        var plan = Plans.Of(tree.Dir("e"));
        Assert.Contains(plan.Runs, r => r.TeacherId is not null);
        foreach (var run in plan.Runs)
        {
            var identity = RunIdentityDocument.Parse(run.ConfigJson);
            Assert.Equal(run.ConfigJson, identity.ToJson());
            Assert.Equal(run.Id, identity.Id);
            Assert.Equal(run.ParentId, identity.Parent);
            Assert.Equal(run.TeacherId, identity.Teacher);
            Assert.Contains(identity.Inputs["seed"], new[] { "1", "2" });
        }
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"phase\":\"full\"}", "missing its 'inputs' object")]
    [InlineData("{\"inputs\":[]}", "'inputs' is not an object")]
    public void A_malformed_document_is_refused_saying_how(string json, string problem) =>
        Assert.Contains(problem, Assert.Throws<FormatException>(() => RunIdentityDocument.Parse(json)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_point_planned_alone_keeps_every_id_and_a_change_reaches_only_the_runs_that_read_it()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        var plan = Plans.Of(tree.Dir("e"));
        var source = Assert.Single(ExperimentTree.Discover(tree.Dir("e")));
        var config = ExperimentTree.Load(source, []);

        var same = RunPlanner.PlanPoint(source, config, 1, [], _ => Plans.Fingerprint);
        Assert.Equal(plan.Points[1].RunIds, same.Point.RunIds);

        var at = new SourceLocation("test", 0, 0);
        var changed = RunPlanner.PlanPoint(source, config, 1, [new SweepAssignment("phases.kernel.lr", 0.5, at)], _ => Plans.Fingerprint);
        var overridden = Plans.Of(tree.Dir("e"), "phases.kernel.lr=0.5");
        Assert.Equal(plan.Points[1].RunIds[0], changed.Point.RunIds[0]);
        Assert.NotEqual(plan.Points[1].RunIds[1], changed.Point.RunIds[1]);
        Assert.Equal(overridden.Points[1].RunIds, changed.Point.RunIds);
    }
}
