using OfaExp.Execution.Planning;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// `ofaexp figures DIR` end to end on a store recorded through the RunStore API (no training): the plan's run ids,
/// metrics and evaluations written as a trainer would, then the tool drawing them.
/// </summary>
public sealed class FiguresCommandTests
{
    private const string Experiment = Sandbox.Tiny + """
        sweep:
          seed: [0, 1]
        figures:
          top1_bars:
            kind: bars
            x: phase
            y: 100 * last(val_top1)
            mean_over: seed
            error: minmax
          curve:
            kind: lines
            y: val_top1
            series: seed
          subnets:
            kind: scatter
            source: subnets
            x: flops / 1e6
            y: top1
            series: seed
            pareto: true

        """;

    [Fact]
    public void Draws_every_declared_figure_from_the_store_and_then_reports_them_unchanged()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Experiment);
        Record(box);

        var (exit, stdout, stderr) = box.Run("figures", "experiments/e");
        Assert.True(exit == 0, stderr);
        foreach (var name in new[] { "top1_bars", "curve", "subnets" })
        {
            Assert.Contains($"figure {Path.Combine("artifacts", "figures", "e", name + ".svg")} written", stdout, StringComparison.Ordinal);
            var svg = File.ReadAllText(Path.Combine(box.Root, "artifacts", "figures", "e", name + ".svg"));
            Assert.StartsWith("<?xml", svg, StringComparison.Ordinal);
            Assert.DoesNotContain("no finished runs recorded yet", svg, StringComparison.Ordinal);
            Assert.True(new FileInfo(Path.Combine(box.Root, "artifacts", "figures", "e", name + ".png")).Length > 1000);
        }

        var first = File.ReadAllBytes(Path.Combine(box.Root, "artifacts", "figures", "e", "subnets.svg"));
        var again = box.Run("figures", "experiments/e");
        Assert.Equal(0, again.Exit);
        Assert.Equal(3, again.Out.Split('\n').Count(l => l.EndsWith(" unchanged", StringComparison.Ordinal)));
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(box.Root, "artifacts", "figures", "e", "subnets.svg")));
    }

    [Fact]
    public void Sweep_draws_the_figures_after_the_tables_and_figures_redraws_them_identically()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "figures:\n  curve:\n    kind: lines\n    y: loss@step\n");

        var sweep = box.Run("sweep", "experiments/e");
        Assert.True(sweep.Exit == 0, sweep.Err);
        Assert.Contains("figure artifacts/figures/e/curve.svg written", sweep.Out, StringComparison.Ordinal);
        var svg = Path.Combine(box.Root, "artifacts", "figures", "e", "curve.svg");
        var drawn = File.ReadAllBytes(svg);
        Assert.Contains("full", File.ReadAllText(svg), StringComparison.Ordinal);

        var figures = box.Run("figures", "experiments/e");
        Assert.Equal(0, figures.Exit);
        Assert.Contains("figure artifacts/figures/e/curve.svg unchanged", figures.Out, StringComparison.Ordinal);
        Assert.Equal(drawn, File.ReadAllBytes(svg));
    }

    [Fact]
    public void Without_a_store_the_figures_say_that_nothing_finished()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Experiment);
        var (exit, stdout, stderr) = box.Run("figures", "experiments/e");
        Assert.True(exit == 0, stderr);
        Assert.Contains("figure artifacts/figures/e/curve.svg written", stdout, StringComparison.Ordinal);
        Assert.Contains("no finished runs recorded yet", File.ReadAllText(Path.Combine(box.Root, "artifacts", "figures", "e", "curve.svg")), StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db));
    }

    [Theory]
    [InlineData("    y: last(val_top2)\n", 4, "no phase of this experiment records the metric 'val_top2'. Did you mean 'val_top1'?")]
    [InlineData("    y: last(val_top1)\n    colour: red\n", 5, "figures.f: unknown key 'colour'")]
    [InlineData("    y: last(val_top1)\n    kind: pie\n", 4, "figures.f.kind: unknown kind 'pie'")]
    public void Bad_figures_are_bad_input_naming_file_and_line(string body, int lineInBlock, string message)
    {
        using var box = new Sandbox();
        var yaml = Sandbox.Tiny + "figures:\n  f:\n" + (body.Contains("kind:", StringComparison.Ordinal) ? "" : "    kind: bars\n") + "    x: phase\n" + body;
        box.Write("experiments/e/experiment.yaml", yaml);
        var figuresLine = Sandbox.Tiny.Split('\n').Length;

        foreach (var command in new[] { "figures", "plan" })
        {
            var (exit, _, stderr) = box.Run(command, "experiments/e");
            Assert.Equal(2, exit);
            Assert.Contains(message, stderr, StringComparison.Ordinal);
            Assert.Contains($"experiment.yaml:{figuresLine + lineInBlock}:", stderr, StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(Path.Combine(box.Root, "artifacts", "figures")));
    }

    /// <summary>Records every run of the plan as done, with metrics and evaluations a trainer could have written.</summary>
    private static void Record(Sandbox box)
    {
        var plan = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "e"), []);
        Assert.Equal(2, plan.Runs.Count);
        using var store = RunStore.Open(box.Db);
        store.EnsurePlanned(plan.Runs.Select(r => new RunRecord(
            r.Id, r.Experiment, r.Phase, r.ParentId, r.ConfigJson, RunStatus.Pending, 0,
            null, null, null, null, null, null, DateTimeOffset.UnixEpoch, null, null, null, null, null)).ToList());
        foreach (var (run, i) in plan.Runs.Select((r, i) => (r, i)))
        {
            Assert.True(store.TryClaim(run.Id, ClaimInfo.ForCurrentProcess("cpu", "test", null)));
            store.AddMetrics(run.Id, [
                new MetricPoint(0, -1, "val_top1", 0.5 + 0.125 * i),
                new MetricPoint(1, -1, "val_top1", 0.75 + 0.125 * i),
                new MetricPoint(0, 0, "loss", 2.0),
            ]);
            store.AddEvaluations(run.Id, [
                new SubnetEvaluation("min", "min-arch", 28, 0, 70 + i, 90, 1.0, 1e6, 1000, null),
                new SubnetEvaluation("max", "max-arch", 28, 0, 80 + i, 95, 0.5, 3e6, 3000, null),
            ]);
            store.Complete(run.Id, run.Id);
        }
    }
}
