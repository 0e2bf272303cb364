using System.Diagnostics;
using System.Text.RegularExpressions;
using OfaExp.Core.Runs;
using OfaExp.Storage;
using Xunit.Abstractions;

namespace OfaExp.Cli.Tests;

/// <summary>
/// `sweep --launcher slurm` against a real Slurm: tools/slurm-local.sh starts a single-node cluster (Debian's
/// slurm-wlm and munge, slurmctld and slurmd on this host), the sweep submits one job array per wave and returns,
/// the tasks train into run bundles, and `ingest` brings them into the store: status shows the job of each run while
/// it is pending, and the tables are byte for byte those of an in-process sweep of the same tree.
/// </summary>
[Trait("Category", Categories.Slow)]
public sealed partial class SlurmEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_sweep_submitted_to_slurm_and_ingested_writes_the_tables_of_an_in_process_sweep()
    {
        var expected = ConcurrentSweepTests.AloneTable();
        var environment = new Dictionary<string, string> { ["SLURM_CONF"] = StartSlurm() };
        using var box = new Sandbox();
        box.Write("experiments/tiny/experiment.yaml", ConcurrentSweepTests.Yaml);
        var clock = Stopwatch.StartNew();

        var submitted = Tool.Start(box.Root, environment, "sweep", "experiments/tiny", "--launcher", "slurm").Wait();

        Assert.True(submitted.Exit == 0, submitted.Err);
        Assert.Contains("0 trained, 0 reused, 0 failed, 0 skipped, 4 submitted", submitted.Out, StringComparison.Ordinal);
        var arrays = JobArray().Matches(submitted.Err).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, arrays.Count);
        var status = box.Run("status");
        Assert.Equal(4, SlurmJob().Matches(status.Out).Count);

        while (Squeue(environment["SLURM_CONF"], arrays) > 0)
        {
            Assert.True(clock.Elapsed < Limit, $"the Slurm jobs {string.Join(", ", arrays)} did not finish within {Limit}");
            Thread.Sleep(500);
        }

        var ingest = box.Run("ingest", Path.Combine("artifacts", "bundles"));
        Assert.True(ingest.Exit == 0, ingest.Err + Logs(box));
        Assert.StartsWith("4 ingested, 0 already in the store, 0 hardware differences, 0 not finished.", ingest.Out, StringComparison.Ordinal);
        Assert.Equal(0, box.Run("tables", "experiments/tiny").Exit);
        output.WriteLine($"submit -> wait -> ingest -> tables: {clock.Elapsed.TotalSeconds:F1} s");

        Assert.Equal(expected, File.ReadAllBytes(ConcurrentSweepTests.Table(box)));
        ConcurrentSweepTests.AssertTrainedOnce(box);
        Assert.StartsWith("0 ingested, 4 already in the store", box.Run("ingest", Path.Combine("artifacts", "bundles")).Out, StringComparison.Ordinal);
    }

    /// <summary>Starts (or finds running) the single-node Slurm; returns its SLURM_CONF.</summary>
    private static string StartSlurm()
    {
        var script = Path.Combine(Sandbox.RepoRoot(), "tools", "slurm-local.sh");
        var info = new ProcessStartInfo("bash", [script, "start"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"tools/slurm-local.sh start failed: {stderr.Result}");
        return Regex.Match(stdout, "export SLURM_CONF=(\\S+)").Groups[1].Value;
    }

    /// <summary>How many tasks of <paramref name="jobs"/> are still queued or running.</summary>
    private static int Squeue(string conf, IReadOnlyList<string> jobs)
    {
        var info = new ProcessStartInfo("squeue", ["-h", "-j", string.Join(',', jobs)]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.Environment["SLURM_CONF"] = conf;
        using var process = Process.Start(info)!;
        var lines = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private static string Logs(Sandbox box)
    {
        var logs = Path.Combine(box.Root, "artifacts", "bundles", "slurm", "logs");
        return Directory.Exists(logs)
            ? string.Concat(Directory.EnumerateFiles(logs).Order(StringComparer.Ordinal).Select(f => $"\n== {f}\n{File.ReadAllText(f)}"))
            : "";
    }

    [GeneratedRegex(@"submitted as Slurm job array (\d+)")]
    private static partial Regex JobArray();

    [GeneratedRegex(@"slurm \d+_\d")]
    private static partial Regex SlurmJob();
}
