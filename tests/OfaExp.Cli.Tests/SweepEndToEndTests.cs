using OfaExp.Execution;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>The whole tool on a tiny preset with real Fashion-MNIST training.</summary>
public sealed class SweepEndToEndTests
{
    private const string Tables = """
        tables:
          summary:
            rows: [phase, seed]
            values:
              val_top1: {expr: last(val_top1), format: F2}
              steps: count(loss@step)
        """;

    [Fact]
    public void A_second_sweep_trains_nothing_and_rewrites_tables_identically()
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Sandbox.Tiny + "sweep:\n  seed: [0, 1]\n" + Tables);

        var first = box.Run("sweep", "experiments/tiny");
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("2 trained, 0 reused", first.Out, StringComparison.Ordinal);
        // stderr is redirected, so progress comes as plain lines: each run's start (the first progress line; more
        // come at most every 30 s) and every run's end, with the whole sweep's state in front.
        const string Took = @"(\d+\.\ds|\d+m\d\ds)", Eta = @"(\d+m\d\ds|\d+h\d\dm)";
        Assert.DoesNotContain('\r', first.Err);
        Assert.Matches(@"(?m)^sweep 0/2 done, ETA measuring \| [0-9a-f]{12} tiny/full starting$", first.Err);
        Assert.Matches($@"(?m)^sweep 1/2 done, ETA {Eta} \| [0-9a-f]{{12}} tiny/full trained in {Took}, val top-1 \d+\.\d\d%$", first.Err);
        Assert.Matches($@"(?m)^sweep 2/2 done \| [0-9a-f]{{12}} tiny/full trained in {Took}, val top-1 \d+\.\d\d%$", first.Err);
        Assert.Equal(2, first.Err.Split('\n').Count(l => l.Contains(" trained in ", StringComparison.Ordinal)));
        var table = Path.Combine(box.Root, "artifacts", "tables", "tiny", "summary.csv");
        var bytes = File.ReadAllBytes(table);
        var csv = File.ReadAllText(table).Split('\n');
        Assert.Equal("phase,seed,val_top1,steps", csv[0]);
        Assert.StartsWith("full,0,", csv[1], StringComparison.Ordinal);
        Assert.StartsWith("full,1,", csv[2], StringComparison.Ordinal);

        var second = box.Run("sweep", "experiments/tiny");
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("0 trained, 2 reused", second.Out, StringComparison.Ordinal);
        Assert.Contains("summary.csv unchanged", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sweep ", second.Err, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(table));

        File.Delete(table);
        Assert.Equal(0, box.Run("tables", "experiments/tiny").Exit);
        Assert.Equal(bytes, File.ReadAllBytes(table));

        var plan = box.Run("plan", "experiments/tiny");
        Assert.Contains("2 done, 0 to run", plan.Out, StringComparison.Ordinal);

        string[] ids;
        using (var store = RunStore.Open(box.Db))
        {
            ids = store.All().Select(r => r.Id).ToArray();
            Assert.All(store.All(), r => Assert.Equal(RunStatus.Done, r.Status));
        }

        var show = box.Run("show", ids[0][..8]);
        Assert.True(show.Exit == 0, show.Err);
        Assert.Contains("val_top1", show.Out, StringComparison.Ordinal);
        Assert.Contains("checkpoint (epoch 1)", show.Out, StringComparison.Ordinal);
        Assert.Contains("\"phases.full.lr\"", show.Out.Replace("phases.full.lr =", "\"phases.full.lr\"", StringComparison.Ordinal), StringComparison.Ordinal);

        var compare = box.Run("compare", ids[0][..8], ids[1][..8]);
        Assert.True(compare.Exit == 0, compare.Err);
        Assert.Contains("seed", compare.Out, StringComparison.Ordinal);
        Assert.Contains("val_top1", compare.Out, StringComparison.Ordinal);

        var status = box.Run("status");
        Assert.Contains("2 done", status.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_run_id_trained_twice_gives_the_same_result_digest()
    {
        string Digest()
        {
            using var box = new Sandbox();
            box.Write("experiments/tiny/experiment.yaml", Sandbox.Tiny);
            var r = box.Run("sweep", "experiments/tiny");
            Assert.True(r.Exit == 0, r.Err);
            using var store = RunStore.Open(box.Db);
            var run = Assert.Single(store.All());
            return run.Id + " " + run.ResultDigest;
        }

        Assert.Equal(Digest(), Digest());
    }
}
