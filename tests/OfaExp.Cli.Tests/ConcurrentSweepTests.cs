using OfaExp.Core.Runs;
using OfaExp.Storage;
using Xunit.Abstractions;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Several processes on one tree and one store: two sweeps started at once, and one sweep with --workers 2. Every
/// run is trained exactly once (one attempt each), every process exits 0, and the tables are byte for byte those of a
/// single sweep alone.
/// </summary>
[Trait("Category", Categories.Slow)]
public sealed class ConcurrentSweepTests(ITestOutputHelper output)
{
    // Two seeds of a full phase and the kernel phase distilled from it: two independent chains, so two processes
    // have work at once, and each kernel run has to wait for its full run wherever that one is trained. One thread
    // per run, so two processes fit on two cores. Small evaluations keep each run to seconds.
    internal static readonly string Yaml = Sandbox.TinyShrinking(kernelEpochs: 1) + """
        device:
          kind: cpu
          threads: 1
        sweep:
          seed: [0, 1]
        tables:
          summary:
            rows: [phase, seed]
            values:
              val_top1: {expr: last(val_top1), format: F4}
              loss: {expr: last(loss@step), format: F6}
        """;

    /// <summary>The table of <see cref="Yaml"/> swept by one process alone.</summary>
    internal static byte[] AloneTable()
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);
        var alone = box.Run("sweep", "experiments/tiny");
        Assert.True(alone.Exit == 0, alone.Err);
        return File.ReadAllBytes(Table(box));
    }

    internal static string Table(Sandbox box) => Path.Combine(box.Root, "artifacts", "tables", "tiny", "summary.csv");

    /// <summary>Every run done after exactly one attempt; returns which processes trained them.</summary>
    internal static IReadOnlyList<RunRecord> AssertTrainedOnce(Sandbox box)
    {
        using var store = RunStore.Open(box.Db);
        var runs = store.All();
        Assert.Equal(4, runs.Count);
        Assert.All(runs, r => Assert.Equal((RunStatus.Done, 1), (r.Status, r.Attempts)));
        return runs;
    }

    [Fact]
    public void Two_sweeps_of_one_tree_at_once_each_train_what_the_other_does_not_and_both_write_the_tables_of_one_sweep()
    {
        var expected = AloneTable();
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);

        var first = Tool.Start(box.Root, "sweep", "experiments/tiny");
        var second = Tool.Start(box.Root, "sweep", "experiments/tiny");
        var (a, b) = (first.Wait(), second.Wait());

        Assert.True(a.Exit == 0, a.Err);
        Assert.True(b.Exit == 0, b.Err);
        Assert.DoesNotContain("database is locked", a.Err + b.Err, StringComparison.OrdinalIgnoreCase);
        var runs = AssertTrainedOnce(box);
        output.WriteLine($"trained by processes {string.Join(", ", runs.Select(r => r.Pid))}");
        Assert.Equal(expected, File.ReadAllBytes(Table(box)));

        // Each summary accounts for all four runs: trained here, or by the other sweep.
        foreach (var sweep in new[] { a, b })
        {
            Assert.Matches(@"(\d) trained(, (\d) trained elsewhere)?, 0 reused, 0 failed, 0 skipped", sweep.Out);
        }
    }

    [Fact]
    public void Two_workers_train_each_run_once_and_the_launching_sweep_reports_every_run()
    {
        var expected = AloneTable();
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);

        var sweep = box.Run("sweep", "experiments/tiny", "--workers", "2");

        Assert.True(sweep.Exit == 0, sweep.Err);
        Assert.DoesNotContain("database is locked", sweep.Err, StringComparison.OrdinalIgnoreCase);
        var runs = AssertTrainedOnce(box);
        output.WriteLine($"trained by processes {string.Join(", ", runs.Select(r => r.Pid))}");
        Assert.Equal(expected, File.ReadAllBytes(Table(box)));
        var totals = System.Text.RegularExpressions.Regex.Match(sweep.Out, @"(\d) trained(, (\d) trained elsewhere)?, 0 reused, 0 failed, 0 skipped");
        Assert.True(totals.Success, sweep.Out);
        Assert.Equal(4, int.Parse(totals.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            + (totals.Groups[3].Success ? int.Parse(totals.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0));
    }

    [Fact]
    public void Workers_that_would_oversubscribe_the_cores_are_refused_before_anything_is_written()
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);
        var threads = Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var refused = box.Run("sweep", "experiments/tiny", $"device.threads={threads}", "--workers", "2");

        Assert.Equal(2, refused.Exit);
        Assert.Contains($"--workers 2 with device.threads {threads} (tiny) would run {2 * Environment.ProcessorCount} training threads on {threads} cores", refused.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db));
    }

    [Theory]
    [InlineData(new[] { "--partition", "gpu" }, "--partition is an option of --launcher slurm; add --launcher slurm, or drop it to train here.")]
    [InlineData(new[] { "--launcher", "slurm", "--workers", "2" }, "--workers is for --launcher local; a Slurm sweep runs one task per run")]
    [InlineData(new[] { "--launcher", "pbs" }, "--launcher pbs: choose local (train on this machine, with --workers N) or slurm")]
    public void Launcher_options_that_do_not_go_together_are_bad_input(string[] options, string message)
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);

        var refused = box.Run(["sweep", "experiments/tiny", .. options]);

        Assert.Equal(2, refused.Exit);
        Assert.Contains(message, refused.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db));
    }

    [Fact]
    public void A_worker_count_that_is_not_a_positive_number_is_bad_input()
    {
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", Yaml);

        var refused = box.Run("sweep", "experiments/tiny", "--workers", "0");

        Assert.Equal(2, refused.Exit);
        Assert.Contains("--workers 0: give auto (the default: as many as the cores and the runs allow) or a whole number of worker processes from 1 to 256.", refused.Err, StringComparison.Ordinal);
    }
}
