using System.Diagnostics;
using System.Globalization;
using McMaster.Extensions.CommandLineUtils;
using OfaExp.Storage;

namespace OfaExp.Cli.Commands;

/// <summary>`ofaexp bench ...`: speed figures. Benchmarks print numbers; they assert nothing.</summary>
public static class BenchCommand
{
    public static void Configure(CommandLineApplication cmd)
    {
        cmd.Description = "Benchmarks: 'bench store' (metric insert rate), 'bench plan' (planning a large sweep).";
        cmd.OnExecute(() =>
        {
            cmd.ShowHelp();
            return 0;
        });

        cmd.Command("store", c =>
        {
            c.Description = "Insert metric rows in batches into a scratch store and print rows/s.";
            var rows = c.Option("--rows <N>", "Rows to insert (default 1000000)", CommandOptionType.SingleValue);
            c.OnExecute(() =>
            {
                var n = int.Parse(rows.Value() ?? "1000000", CultureInfo.InvariantCulture);
                var dir = Directory.CreateTempSubdirectory("ofaexp-bench-");
                try
                {
                    var rate = StorageBenchmarks.MetricsInsertRate(Path.Combine(dir.FullName, "bench.db"), n);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metrics insert: {n} rows, {rate:F0} rows/s"));
                }
                finally
                {
                    dir.Delete(recursive: true);
                }

                return 0;
            });
        });

        cmd.Command("plan", c =>
        {
            c.Description = "Generate an experiment with an N-point sweep in a scratch directory and time planning it.";
            var points = c.Option("--points <N>", "Sweep points (default 10000)", CommandOptionType.SingleValue);
            c.OnExecute(() =>
            {
                var n = int.Parse(points.Value() ?? "10000", CultureInfo.InvariantCulture);
                var dir = Directory.CreateTempSubdirectory("ofaexp-bench-");
                try
                {
                    var experiment = Path.Combine(dir.FullName, "experiments", "big");
                    Directory.CreateDirectory(experiment);
                    File.WriteAllText(Path.Combine(experiment, "experiment.yaml"), BigSweep(n));
                    var clock = Stopwatch.StartNew();
                    var plan = PlanBuilder.Build(experiment, []);
                    var text = Output.PlanPrinter.Text(plan, new Dictionary<string, Core.Runs.RunStatus>());
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"plan: {plan.Points.Count} points, {plan.Runs.Count} runs, {text.Length} chars of output in {clock.Elapsed.TotalMilliseconds:F0} ms (in process, after start-up)"));
                }
                finally
                {
                    dir.Delete(recursive: true);
                }

                return 0;
            });
        });
    }

    /// <summary>A sweep of seeds x learning rates with exactly n points (n = 100 * k, or seeds alone).</summary>
    public static string BigSweep(int n)
    {
        var lrs = n % 100 == 0 ? 100 : 1;
        var seeds = n / lrs;
        var lrList = string.Join(", ", Enumerable.Range(1, lrs).Select(i => (i * 0.001).ToString("R", CultureInfo.InvariantCulture)));
        return $"supernet: {{resolutions: [28]}}\nsweep:\n  seed: [{string.Join(", ", Enumerable.Range(0, seeds))}]\n  phases.full.lr: [{lrList}]\n";
    }
}
