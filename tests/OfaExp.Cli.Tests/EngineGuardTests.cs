using OfaExp.Execution.Planning;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OfaExp.Core.Costs;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Nn.Networks;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// The guard that keeps <see cref="RunIdentity.EngineVersion"/> honest. A tiny pipeline through every phase kind that
/// computes a result (an early-exit, dense-parallel supernet, so the level and height phases run too; a few steps
/// each, on real Fashion-MNIST; and a second experiment that shares its full run and distills a kernel phase with
/// the tempered KL loss) is swept, and what its runs recorded is compared with EnginePins/engine-pins.json, which
/// names the engine version it was recorded with. A change to any computation moves these numbers, and the test
/// fails until the engine version is bumped (so stores stop reusing results computed the old way) and the pins are
/// re-recorded, in the same commit: set OFAEXP_RECORD_ENGINE_PINS=1 and run this test.
/// <para>
/// The pipeline runs in float64 (<c>device.dtype: float64</c>), so the pins hold on any CPU. In float32 they did not:
/// another CPU's kernels (AVX-512 or AVX2 ATen and oneDNN kernels, or ATen's plain ones) round float32 sums
/// differently by about 1e-7, and a few SGD steps at a high learning rate with batch-statistics BN amplify that to
/// whole points of accuracy by the level phase. In float64 the same amplification leaves the numbers within about
/// 1e-15 of each other (measured: the same run with the default kernels, ONEDNN_MAX_CPU_ISA=AVX2 and
/// ATEN_CPU_CAPABILITY=default differs by at most 3.5e-16 relative), while a changed computation moves them by 1e-3
/// and more. Tolerances: what only the seeds decide (subnet architectures, sample counts) must match exactly; every
/// real value, accuracies included, within 1e-6 relative (at least 1e-9), which leaves room for the one float32
/// step of the pipeline: the predictor's weights are stored and evaluated as float32, so a weight that lands on a
/// rounding boundary moves a prediction by about 1e-7. Timings (search wall times) are measurements of the machine
/// and are not pinned; so is everything a latency_table run records, which is why that kind is not in the pipeline
/// (it also cannot time parallel-block supernets yet). import only loads a file and is covered by its own tests.
/// The float32 path is the same code with another dtype; its portability is why tools/test.sh runs this class
/// (and every test of the trait <see cref="Categories.PinsNumbers"/>) a second time with other kernels.
/// </para>
/// </summary>
[Trait("Category", Categories.PinsNumbers)]
[Trait("Category", Categories.Slow)]
public sealed class EngineGuardTests
{
    private const string RecordVariable = "OFAEXP_RECORD_ENGINE_PINS";
    private const double RelativeTolerance = 1e-6;
    private const double AbsoluteTolerance = 1e-9;

    private const string Pipeline = """
        seed: 3
        device:
          dtype: float64
        supernet:
          width_mult: 0.25
          stem_stride: 2
          stage_strides: [2, 2, 2, 1, 1]
          depths: [1, 2]
          resolutions: [24, 28]
          exits: early
          blocks: dense_parallel
        data:
          train_subset: 256
          val_fraction: 0.25
          augment:
            random_resized_crop: 0.5
            horizontal_flip: true
        kd:
          ratio: 1.0
          loss: ens
        teacher:
          selection: extracted
        eval:
          recal_images: 64
          recal_batch_size: 32
          test_subset: 100
          subnets: [min, max]
          resolutions: [28]
        pipeline: [full, kernel, level, height, depth, expand, accuracy_dataset, predictor, search]
        phases:
          full: {resolutions: [28], dropout: 0.2, epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.05}
          kernel: {epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.02}
          level: {levels: [1, 2, 3], subnets_per_step: 2, epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.02}
          height: {exits: [1, 2, 3, 4, 5], subnets_per_step: 2, epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.02}
          depth: {depths: [1, 2], subnets_per_step: 2, epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.02}
          expand: {expand_ratios: [3, 4, 6], sort_channels: true, subnets_per_step: 2, epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.02}
        accuracy_dataset:
          samples: 12
        predictor:
          hidden_size: 16
          epochs: 5
          holdout_fraction: 0.25
        search:
          efficiency: flops
          strategy: top_down
          population: 8
          generations: 4
          n2: 2

        """;

    /// <summary>
    /// The tempered KL loss at a temperature other than 1 (where a misplaced temperature would cancel out), on a
    /// kernel phase distilled from the same full run as <see cref="Pipeline"/> (shared, so it trains once).
    /// </summary>
    private static string KlPipeline => Pipeline[..Pipeline.IndexOf("pipeline:", StringComparison.Ordinal)]
        .Replace("loss: ens", "loss: kl\n  temperature: 2.5", StringComparison.Ordinal) + """
        pipeline: [full, kernel_kl]
        phases:
          full: {resolutions: [28], dropout: 0.2, epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.05}
          kernel_kl: {kind: kernel, epochs: 1, batch_size: 64, base_batch_size: 64, lr: 0.02}

        """;

    private static string PinsPath => Path.Combine(Sandbox.RepoRoot(), "tests", "OfaExp.Cli.Tests", "EnginePins", "engine-pins.json");

    [Fact]
    public void What_every_phase_kind_computes_is_pinned_to_the_engine_version()
    {
        using var box = new Sandbox();
        box.Write("experiments/guard/every-kind/experiment.yaml", Pipeline + $"  targets: [{Targets()}]\n");
        box.Write("experiments/guard/kl/experiment.yaml", KlPipeline);
        var sweep = box.Run("sweep", "experiments/guard");
        Assert.True(sweep.Exit == 0, sweep.Out + sweep.Err);

        var recorded = Record(box);
        if (Environment.GetEnvironmentVariable(RecordVariable) == "1")
        {
            File.WriteAllText(PinsPath, recorded.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            return;
        }

        Assert.True(File.Exists(PinsPath), $"{PinsPath} is missing: run this test with {RecordVariable}=1 and commit the file.");
        var pinned = JsonNode.Parse(File.ReadAllText(PinsPath))!.AsObject();
        Assert.True(
            (string?)pinned["engine"] == RunIdentity.EngineVersion,
            $"The pins were recorded with {(string?)pinned["engine"]}, and the engine is now {RunIdentity.EngineVersion}: re-record them ({RecordVariable}=1) in the commit that bumped it.");

        var problems = new List<string>();
        Compare("", pinned["runs"]!, recorded["runs"]!, problems);
        Assert.True(
            problems.Count == 0,
            "What the engine computes changed:\n  " + string.Join("\n  ", problems) + "\n"
            + $"If the change is intended, bump RunIdentity.EngineVersion (now {RunIdentity.EngineVersion}) so that stores stop "
            + $"reusing results computed the old way, and re-record the pins with {RecordVariable}=1, in the same commit.");
    }

    /// <summary>Two FLOPs targets inside the space's range (a third and two thirds of the way from min to max).</summary>
    private static string Targets()
    {
        using var box = new Sandbox();
        box.Write("experiments/guard/experiment.yaml", Pipeline + "  targets: [1MFLOPs]\n");
        var spec = PlanBuilder.Build(Path.Combine(box.Root, "experiments", "guard"), []).Runs[0].Spec;
        var space = new Core.Subnets.SubnetSpace(spec.Supernet);
        var min = NetworkCost.Of(spec.Supernet, spec.Data.Info, space.Min).Flops / 1e6;
        var max = NetworkCost.Of(spec.Supernet, spec.Data.Info, space.Max).Flops / 1e6;
        return string.Join(", ", new[] { 1.0 / 3, 2.0 / 3 }.Select(f => (min + (f * (max - min))).ToString("F3", CultureInfo.InvariantCulture) + "MFLOPs"));
    }

    private static JsonObject Record(Sandbox box)
    {
        using var store = RunStore.OpenReadOnly(box.Db)!;
        var runs = new JsonObject();
        foreach (var run in store.All())
        {
            Assert.Equal(RunStatus.Done, run.Status);
            var metrics = new JsonObject();
            foreach (var m in store.Metrics(run.Id).Where(m => m.Step == -1 && !MeasurementMetrics.IsMeasurement(m.Name)))
            {
                metrics[$"{m.Name}@{m.Epoch}"] = Number(m.Value);
            }

            var evaluations = new JsonObject();
            if (!(PhaseKindNames.Spelling.TryParse(run.Phase, out var kind) && PhaseKindInfo.Of(kind).Role == PhaseRole.LatencyTable))
            {
                foreach (var e in store.Evaluations(run.Id))
                {
                    var values = new JsonObject { ["architecture"] = e.Architecture, ["top1"] = Number(e.Top1), ["loss"] = Number(e.Loss) };
                    if (e.TestTop1 is { } test)
                    {
                        values["test_top1"] = Number(test);
                    }

                    if (e.PredictedTop1 is { } predicted)
                    {
                        values["predicted_top1"] = Number(predicted);
                    }

                    evaluations[$"{e.Name} {e.Resolution}px exit {e.Exit}"] = values;
                }
            }

            runs[run.Phase] = new JsonObject { ["metrics"] = metrics, ["evaluations"] = evaluations };
        }

        return new JsonObject { ["engine"] = RunIdentity.EngineVersion, ["runs"] = runs };
    }

    /// <summary>A finite value as a JSON number; NaN and infinities (a diverged loss) as their names, compared exactly.</summary>
    private static JsonNode Number(double value) =>
        double.IsFinite(value) ? JsonValue.Create(value) : JsonValue.Create(value.ToString(CultureInfo.InvariantCulture))!;

    private static void Compare(string path, JsonNode expected, JsonNode? actual, List<string> problems)
    {
        switch (expected)
        {
            case JsonObject e:
                if (actual is not JsonObject a)
                {
                    problems.Add($"{path}: expected an object, got {actual?.ToJsonString() ?? "nothing"}");
                    return;
                }

                foreach (var key in e.Select(p => p.Key).Union(a.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    if (!e.ContainsKey(key) || !a.ContainsKey(key))
                    {
                        problems.Add($"{path}/{key}: {(e.ContainsKey(key) ? "no longer recorded" : "newly recorded")}");
                        continue;
                    }

                    Compare($"{path}/{key}", e[key]!, a[key], problems);
                }

                break;
            case JsonValue v when v.TryGetValue<double>(out var want):
                var got = actual is JsonValue av && av.TryGetValue<double>(out var g) ? g : double.NaN;
                var tolerance = Math.Max(AbsoluteTolerance, RelativeTolerance * Math.Abs(want));
                if (!(Math.Abs(got - want) <= tolerance))
                {
                    problems.Add($"{path}: pinned {want.ToString("R", CultureInfo.InvariantCulture)}, now {got.ToString("R", CultureInfo.InvariantCulture)} (tolerance {tolerance.ToString("G3", CultureInfo.InvariantCulture)})");
                }

                break;
            default:
                if (expected.ToJsonString() != actual?.ToJsonString())
                {
                    problems.Add($"{path}: pinned {expected.ToJsonString()}, now {actual?.ToJsonString() ?? "nothing"}");
                }

                break;
        }
    }
}
