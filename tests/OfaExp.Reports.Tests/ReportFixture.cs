using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports.Tests;

/// <summary>
/// A small recorded experiment built in code: phases full then kernel, seeds {0, 2, 10} x lr {0.1, 0.025}, plus a
/// failed and a pending run that tables must ignore. Metrics use only +, -, * and / so every platform computes the
/// same doubles, and the snapshots stay byte-identical.
/// </summary>
internal static class ReportFixture
{
    public const string Experiment = "kd/demo";
    public const string Dataset = "5d41402abc4b2a76b9719d911017c592aa5d41402abc4b2a76b9719d911017c5";

    public static readonly int[] Seeds = [0, 2, 10];
    public static readonly double[] Lrs = [0.1, 0.025];

    public static IReadOnlyList<RecordedRun> Runs { get; } = BuildRuns();

    /// <summary>Final top-1 per lr and seed, after the last phase.</summary>
    public static TableSpec FinalTop1 { get; } = new(
        "final_top1",
        ["optimizer.lr", "seed"],
        [new("top1", "100 * last(val_top1)", "F2"), new("top5", "100 * last(val_top5)", "F2")],
        "phase == kernel");

    /// <summary>Best validation top-1 as a percentage, with loss summaries including a per-step metric.</summary>
    public static TableSpec BestTop1 { get; } = new(
        "best_val_top1",
        ["phase", "optimizer.lr", "seed"],
        [
            new("best_top1_pct", "100 * max(val_top1)", "F2"),
            new("mean_val_loss", "mean(val_loss)", "F4"),
            new("min_train_loss", "min(train_loss@step)", "F4"),
        ],
        null);

    /// <summary>How much each run trained, keyed by the run graph itself.</summary>
    public static TableSpec Epochs { get; } = new(
        "epochs",
        ["phase", "run", "parent", "supernet.depths"],
        [new("epochs", "count(val_top1)", "F2"), new("steps", "count(train_loss@step)", "")],
        null);

    public static RecordedRun Find(string phase, double lr, int seed) =>
        Runs.Single(r => r.Run.Status == RunStatus.Done && r.Run.Phase == phase
            && r.Run.ConfigJson.Contains($"\"optimizer.lr\":{Json(lr)},", StringComparison.Ordinal)
            && r.Run.ConfigJson.Contains($"\"seed\":{seed}", StringComparison.Ordinal));

    public static RunRecord? Lookup(string id) => Runs.FirstOrDefault(r => r.Run.Id == id)?.Run;

    /// <summary>The run with its identity inputs replaced by <paramref name="inputsJson"/> (a JSON object).</summary>
    public static RecordedRun WithInputs(RecordedRun run, string inputsJson)
    {
        var start = run.Run.ConfigJson.IndexOf("\"inputs\":", StringComparison.Ordinal) + "\"inputs\":".Length;
        var end = run.Run.ConfigJson.IndexOf(",\"parent\":", StringComparison.Ordinal);
        var config = run.Run.ConfigJson[..start] + inputsJson + run.Run.ConfigJson[end..];
        return run with { Run = run.Run with { ConfigJson = config } };
    }

    public static TableSpec Spec(string rows, string expression, string? where = null, string format = "F4") =>
        new("t", rows.Split(',', StringSplitOptions.RemoveEmptyEntries), [new("v", expression, format)], where);

    public static RecordedRun FullRun(double lr, int seed, RunStatus status = RunStatus.Done, int epochs = 3)
    {
        var inputs = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["data.dataset"] = "fashion-mnist",
            ["optimizer.lr"] = lr,
            ["phases.full.epochs"] = epochs,
            ["seed"] = seed,
            ["supernet.depths"] = new[] { 2, 3, 4 },
        };
        var start = (lr == 0.1 ? 0.62 : 0.58) + seed * 0.003;
        var top1 = Enumerable.Range(0, epochs)
            .Select(e => start + 0.05 * e - (seed == 2 && e == epochs - 1 ? 0.04 : 0.0))
            .ToList();
        return Make("full", null, inputs, status, top1, seed);
    }

    public static RecordedRun KernelRun(RecordedRun parent, double lr, int seed, int epochs = 2)
    {
        var inputs = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["data.dataset"] = "fashion-mnist",
            ["optimizer.lr"] = lr,
            ["phases.kernel.epochs"] = epochs,
            ["phases.kernel.kernel_sizes"] = new[] { 3, 5, 7 },
            ["seed"] = seed,
        };
        var start = parent.Metrics.Where(m => m.Name == "val_top1").MaxBy(m => m.Epoch)!.Value + 0.01;
        var top1 = Enumerable.Range(0, epochs).Select(e => start + 0.02 * e).ToList();
        return Make("kernel", parent.Run.Id, inputs, RunStatus.Done, top1, seed);
    }

    /// <summary>
    /// Shrinking runs with subnet evaluations: for seeds 0 and 2 at lr 0.1, full -> kernel -> depth, each shrinking
    /// run evaluating min and max at resolutions 24 and 28 (max at 28 first, as a trainer might order them).
    /// </summary>
    public static IReadOnlyList<RecordedRun> SubnetRuns { get; } = BuildSubnetRuns();

    /// <summary>Every evaluation, keyed by phase, seed, subnet and resolution.</summary>
    public static TableSpec SubnetGrid { get; } = new(
        "subnet_grid",
        ["phase", "seed", "subnet", "resolution"],
        [new("top1", "last(top1)", "F2"), new("mflops", "max(flops) / 1e6", "F1"), new("params_k", "0.001 * max(params)", "F0"), new("n", "count(top1)", "")],
        null,
        TableSource.Subnets);

    /// <summary>The best evaluated subnet of each shrinking phase, one column per phase (OFAv2's headline number).</summary>
    public static TableSpec BestSubnetPerPhase { get; } = new(
        "best_subnet",
        ["seed"],
        [new("top1", "max(top1)", "F2")],
        "resolution == 28",
        TableSource.Subnets,
        Columns: "phase");

    private static IReadOnlyList<RecordedRun> BuildSubnetRuns()
    {
        var runs = new List<RecordedRun>();
        foreach (var seed in new[] { 0, 2 })
        {
            var full = FullRun(0.1, seed);
            var kernel = KernelRun(full, 0.1, seed);
            var depthInputs = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["optimizer.lr"] = 0.1,
                ["phases.depth.depths"] = new[] { 2, 3, 4 },
                ["seed"] = seed,
            };
            var depth = Make("depth", kernel.Run.Id, depthInputs, RunStatus.Done, [0.7 + 0.01 * seed], seed);
            runs.Add(full);
            runs.Add(kernel with { Evaluations = Evaluations(0.70 + 0.005 * seed, depths: 4) });
            runs.Add(depth with { Evaluations = Evaluations(0.66 + 0.005 * seed, depths: 2) });
        }

        return runs;
    }

    private static IReadOnlyList<SubnetEvaluation> Evaluations(double top1, int depths)
    {
        SubnetEvaluation At(string name, int kernel, int resolution, double accuracy) => new(
            name,
            $"ks={kernel}|e=6|d={(name == "max" ? 4 : depths)}",
            resolution,
            0,
            100 * accuracy,
            100 * Math.Min(0.99, accuracy + 0.2),
            1.5 - accuracy,
            (name == "max" ? 220e6 : 90e6) * resolution * resolution / (28 * 28),
            name == "max" ? 2_500_000 : 1_250_000,
            null);

        return
        [
            At("max", 7, 28, top1),
            At("max", 7, 24, top1 - 0.02),
            At("min", 3, 28, top1 - 0.08),
            At("min", 3, 24, top1 - 0.11),
        ];
    }

    private static IReadOnlyList<RecordedRun> BuildRuns()
    {
        var runs = new List<RecordedRun>();
        foreach (var lr in Lrs)
        {
            foreach (var seed in Seeds)
            {
                var full = FullRun(lr, seed);
                runs.Add(full);
                runs.Add(KernelRun(full, lr, seed));
            }
        }

        // Unfinished work must never reach a table: a crashed run with partial metrics, and one not started.
        runs.Add(FullRun(0.05, 0, RunStatus.Failed, epochs: 1));
        runs.Add(FullRun(0.05, 2, RunStatus.Pending, epochs: 0));
        return runs;
    }

    private static RecordedRun Make(
        string phase,
        string? parentId,
        SortedDictionary<string, object> inputs,
        RunStatus status,
        IReadOnlyList<double> top1,
        int seed)
    {
        var config = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["dataset"] = Dataset,
            ["device"] = "cpu",
            ["engine"] = "ofaexp-engine-1",
            ["inputs"] = inputs,
            ["parent"] = parentId,
            ["phase"] = phase,
        };
        var configJson = JsonSerializer.Serialize(config);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configJson)));

        var metrics = new List<MetricPoint>();
        for (var epoch = 0; epoch < top1.Count; epoch++)
        {
            metrics.Add(new MetricPoint(epoch, -1, "val_top1", top1[epoch]));
            metrics.Add(new MetricPoint(epoch, -1, "val_top5", Math.Min(0.99, top1[epoch] + 0.25)));
            metrics.Add(new MetricPoint(epoch, -1, "val_loss", 1.6 - top1[epoch] * 1.1));
            for (var i = 0; i < 4; i++)
            {
                var step = epoch * 4 + i;
                metrics.Add(new MetricPoint(epoch, step, "train_loss", 2.3 / (1 + 0.25 * step) + 0.01 * seed));
            }
        }

        var finished = status == RunStatus.Done ? DateTimeOffset.UnixEpoch.AddHours(1) : (DateTimeOffset?)null;
        var record = new RunRecord(
            id, Experiment, phase, parentId, configJson, status, Attempts: 1, Host: "fixture", Pid: null,
            PidStartTicks: null, Device: "cpu", ToolVersion: "0.1.0", GitCommit: null,
            CreatedAt: DateTimeOffset.UnixEpoch, StartedAt: DateTimeOffset.UnixEpoch, FinishedAt: finished,
            HeartbeatAt: null, ResultDigest: status == RunStatus.Done ? id : null,
            Error: status == RunStatus.Failed ? "diverged" : null);
        return new RecordedRun(record, metrics, []);
    }

    private static string Json(double value) => JsonSerializer.Serialize(value);
}
