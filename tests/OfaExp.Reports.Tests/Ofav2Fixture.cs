using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports.Tests;

/// <summary>
/// OFAv2-like lineages built in code. <see cref="Study"/>: supernets EE_D (early exits, dense skips) and SE_B
/// (single exit, base blocks) x teacher.selection fixed / extracted, pipeline full, kernel, height, depth, expand
/// (height is dropped for SE_B); full and kernel are shared by both teachers of a supernet. Shrinking runs evaluate
/// min, mid, max at resolutions 24 and 28, early-exit runs also exit1..exit5 at 28; the full run of EE_D evaluates
/// exit1..exit5. <see cref="Kd"/>: SE_B x kd.loss logits / kl x teacher fixed / extracted x seeds 0, 1, 2, pipeline
/// full, kernel, depth. Every accuracy is a multiple of 0.25, so every platform computes the same doubles.
/// </summary>
internal static class Ofav2Fixture
{
    public const string Experiment = "ofav2/demo";

    public static (IReadOnlyList<RecordedRun> Runs, IReadOnlyList<PlannedPoint> Points) Study { get; } = Build(
        Experiment,
        [("early", "dense", "ens"), ("single", "base", "logits")],
        ["fixed", "extracted"],
        [0],
        ["full", "kernel", "height", "depth", "expand"]);

    public static (IReadOnlyList<RecordedRun> Runs, IReadOnlyList<PlannedPoint> Points) Kd { get; } = Build(
        "kd/demo",
        [("single", "base", "logits"), ("single", "base", "kl")],
        ["fixed", "extracted"],
        [0, 1, 2],
        ["full", "kernel", "depth"]);

    /// <summary>Best subnet after the last phase per supernet variant, teacher and width (OFAv2's figure).</summary>
    public static TableSpec BestFinal { get; } = new(
        "best_subnet_final",
        ["supernet.exits", "supernet.blocks", "teacher.selection", "supernet.width_mult"],
        [new("top1", "max(top1)", "F2")],
        "final == true",
        TableSource.Subnets);

    /// <summary>Best subnet after each phase, phases as columns in pipeline order.</summary>
    public static TableSpec BestPerPhase { get; } = new(
        "best_subnet_per_phase",
        ["supernet.exits", "supernet.blocks", "teacher.selection"],
        [new("top1", "max(top1)", "F2")],
        null,
        TableSource.Subnets,
        Columns: "phase");

    /// <summary>Accuracy at each exit of early-exit nets, phases as columns.</summary>
    public static TableSpec ExitAccuracy { get; } = new(
        "exit_accuracy",
        ["supernet.blocks", "teacher.selection", "subnet"],
        [new("top1", "last(top1)", "F2")],
        "supernet.exits == early and subnet ~ exit*",
        TableSource.Subnets,
        Columns: "phase");

    /// <summary>Best subnet after the last phase per KD loss and teacher, one column per seed.</summary>
    public static TableSpec KdBySeed { get; } = new(
        "kd_best_final_by_seed",
        ["kd.loss", "teacher.selection"],
        [new("top1", "max(top1)", "F2")],
        "final == true",
        TableSource.Subnets,
        Columns: "seed");

    /// <summary>The same averaged over seeds.</summary>
    public static TableSpec KdMean { get; } = new(
        "kd_best_final_mean",
        ["kd.loss", "teacher.selection"],
        [new("top1", "max(top1)", "F2"), new("mean_top1", "mean(top1)", "F2"), new("n", "count(top1)", "F2")],
        "final == true and subnet in [max, mid]",
        TableSource.Subnets,
        MeanOver: "seed");

    private static (IReadOnlyList<RecordedRun>, IReadOnlyList<PlannedPoint>) Build(
        string experiment,
        IReadOnlyList<(string Exits, string Blocks, string KdLoss)> variants,
        IReadOnlyList<string> teachers,
        IReadOnlyList<int> seeds,
        IReadOnlyList<string> pipeline)
    {
        var runs = new Dictionary<string, RecordedRun>(StringComparer.Ordinal);
        var points = new List<PlannedPoint>();
        foreach (var (exits, blocks, kdLoss) in variants)
        {
            foreach (var teacher in teachers)
            {
                foreach (var seed in seeds)
                {
                    var settings = new SortedDictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["kd.loss"] = kdLoss,
                        ["seed"] = seed,
                        ["supernet.blocks"] = blocks,
                        ["supernet.exits"] = exits,
                        ["supernet.width_mult"] = 1.0,
                        ["teacher.selection"] = teacher,
                    };
                    var early = exits == "early";
                    var phases = pipeline.Where(p => p != "height" || early).ToList();
                    var ids = new List<string>();
                    string? parent = null;
                    string? full = null;
                    for (var i = 0; i < phases.Count; i++)
                    {
                        var phase = phases[i];
                        var inputs = new SortedDictionary<string, object>(StringComparer.Ordinal)
                        {
                            ["seed"] = seed,
                            ["supernet.blocks"] = blocks,
                            ["supernet.exits"] = exits,
                            ["supernet.width_mult"] = 1.0,
                            [$"phases.{phase}.epochs"] = 2,
                        };
                        if (phase != "full")
                        {
                            inputs["kd.loss"] = kdLoss;
                        }

                        // The first shrinking phase learns from the full run whichever the selection.
                        var teacherId = phase == "full" ? null : teacher == "fixed" ? full : parent;

                        // Base accuracy: the supernet, then what each later phase adds; the extracted teacher
                        // helps from the second shrinking phase on, the kl loss and each seed a little.
                        var top1 = (early ? 44.0 : 38.0) + 1.25 * i
                            + (early && phase == "height" ? 6.5 : 0.0)
                            + (early && i > 2 ? 6.5 : 0.0)
                            + (teacher == "extracted" && i >= 2 ? 1.5 * (i - 1) : 0.0)
                            + (kdLoss == "kl" ? 0.75 : 0.0)
                            + 0.5 * seed;
                        var run = Make(experiment, phase, parent, inputs, teacherId, Evaluations(phase, early, top1));
                        runs.TryAdd(run.Run.Id, run);
                        ids.Add(run.Run.Id);
                        parent = run.Run.Id;
                        full ??= run.Run.Id;
                    }

                    var label = string.Join(",", settings.Select(kv => $"{kv.Key}={kv.Value}"));
                    points.Add(new PlannedPoint(experiment, points.Count, label, "{}", ids, JsonSerializer.Serialize(settings)));
                }
            }
        }

        return (runs.Values.ToList(), points);
    }

    private static IReadOnlyList<SubnetEvaluation> Evaluations(string phase, bool early, double top1)
    {
        SubnetEvaluation At(string name, int resolution, int exit, double accuracy) => new(
            name,
            $"r{resolution}-d{(name == "min" ? 2 : name == "mid" ? 3 : 4)}-k7-e6{(exit > 0 ? $"-x{exit}" : string.Empty)}",
            resolution,
            exit,
            accuracy,
            accuracy + 20.0,
            4.0 - accuracy / 32.0,
            (name == "max" ? 200e6 : name == "mid" ? 120e6 : 60e6) * resolution / 28.0,
            name == "max" ? 3_000_000 : 1_500_000,
            null);

        var list = new List<SubnetEvaluation>();
        if (phase != "full")
        {
            foreach (var resolution in new[] { 24, 28 })
            {
                var drop = resolution == 24 ? 1.5 : 0.0;
                var exit = early ? 5 : 0;
                list.Add(At("min", resolution, early ? 1 : 0, top1 - 7.25 - drop));
                list.Add(At("mid", resolution, early ? 3 : 0, top1 - 3.5 - drop));
                list.Add(At("max", resolution, exit, top1 - drop));
            }
        }

        if (early)
        {
            // Exits after the full phase are weak (the full network trains the ensemble of exits); shrinking
            // with elastic height narrows the gap.
            var gap = phase == "full" ? 6.0 : 4.5;
            for (var exit = 1; exit <= 5; exit++)
            {
                list.Add(At($"exit{exit}", 28, exit, top1 - (5 - exit) * gap));
            }
        }

        return list;
    }

    private static RecordedRun Make(
        string experiment, string phase, string? parentId, SortedDictionary<string, object> inputs, string? teacherId, IReadOnlyList<SubnetEvaluation> evaluations)
    {
        var config = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["dataset"] = ReportFixture.Dataset,
            ["device"] = "cpu",
            ["engine"] = "ofaexp-engine-1",
            ["inputs"] = inputs,
            ["parent"] = parentId,
            ["phase"] = phase,
        };
        if (teacherId is not null)
        {
            config["teacher"] = teacherId;
        }

        var configJson = JsonSerializer.Serialize(config);
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(configJson)));
        var metrics = new List<MetricPoint> { new(0, -1, "val_top1", 0.25), new(1, -1, "val_top1", 0.5) };
        var record = new RunRecord(
            id, experiment, phase, parentId, configJson, RunStatus.Done, Attempts: 1, Host: "fixture", Pid: null,
            PidStartTicks: null, Device: "cpu", ToolVersion: "0.1.0", GitCommit: null,
            CreatedAt: DateTimeOffset.UnixEpoch, StartedAt: DateTimeOffset.UnixEpoch, FinishedAt: DateTimeOffset.UnixEpoch.AddHours(1),
            HeartbeatAt: null, ResultDigest: id, Error: null);
        return new RecordedRun(record, metrics, evaluations);
    }
}
