using OfaExp.Core.Planning;
using OfaExp.Core.Spec;

namespace OfaExp.Core.Tests;

public sealed class RunIdentityTests
{
    private const string Experiment = """
        seed: 3
        supernet:
          width_mult: 0.5
          resolutions: [28]
        pipeline: [full, second]
        phases:
          full:
            epochs: 2
            lr: 0.1
          second:
            kind: full
            epochs: 1
            lr: 0.05
        """;

    /// <summary>A lineage through every search phase: a supernet, its accuracy data set and predictor, a latency table and a search.</summary>
    private const string Timing = """
        seed: 3
        supernet:
          width_mult: 0.5
          resolutions: [24, 28]
        pipeline: [full, accuracy_dataset, predictor, latency_table, search]
        search:
          targets: [1MFLOPs]
        """;

    private static Dictionary<string, string> Ids(string yaml, params string[] overrides)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", yaml);
        return Plans.IdsByPhase(Plans.Of(tree.Dir("e"), overrides));
    }

    [Fact]
    public void Key_order_comments_and_formatting_do_not_change_ids()
    {
        const string reordered = """
            # the same experiment, written differently
            phases:
              second: {lr: 5e-2, epochs: 1, kind: full}   # flow style
              full:
                lr: 0.100
                epochs: 2
            pipeline:
              - full
              - second
            supernet: {resolutions: [ 28 ], width_mult: .5}
            seed: 3
            """;
        Assert.Equal(Ids(Experiment), Ids(reordered));
    }

    [Fact]
    public void A_key_read_only_by_a_later_phase_leaves_earlier_ids_alone()
    {
        var before = Ids(Experiment);
        var after = Ids(Experiment, "phases.second.lr=0.02");
        Assert.Equal(before["full"], after["full"]);
        Assert.NotEqual(before["second"], after["second"]);
    }

    [Fact]
    public void Changing_a_key_a_phase_reads_changes_it_and_all_descendants()
    {
        var before = Ids(Experiment);
        var after = Ids(Experiment, "phases.full.epochs=3");
        Assert.NotEqual(before["full"], after["full"]);
        Assert.NotEqual(before["second"], after["second"]);

        var wider = Ids(Experiment, "supernet.width_mult=1.0");
        Assert.NotEqual(before["full"], wider["full"]);
        Assert.NotEqual(before["second"], wider["second"]);
    }

    [Fact]
    public void Settings_outside_identity_do_not_change_ids()
    {
        var before = Ids(Experiment);
        Assert.Equal(before, Ids(Experiment, "description=renamed", "phases.full.eval_batch_size=17", "data.root=/elsewhere"));
    }

    /// <summary>Device keys added after runs were recorded: their defaults keep every id (and stay out of the hashed config), other values get new ones.</summary>
    [Theory]
    [InlineData("device.dtype", "float32", "float64")]
    [InlineData("device.memory_format", "contiguous", "channels_last")]
    public void A_device_key_at_its_default_keeps_the_ids_from_before_it_existed_and_another_value_moves_them(string key, string defaultValue, string other)
    {
        var before = Ids(Experiment);
        Assert.Equal(before, Ids(Experiment, $"{key}={defaultValue}"));

        var moved = Ids(Experiment, $"{key}={other}");
        Assert.NotEqual(before["full"], moved["full"]);
        Assert.NotEqual(before["second"], moved["second"]);

        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        var json = Plans.Of(tree.Dir("e"), $"{key}={other}").Runs[0].ConfigJson;
        Assert.Contains($"\"{key}\":\"{other}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(key, Plans.Of(tree.Dir("e")).Runs[0].ConfigJson, StringComparison.Ordinal);
    }

    /// <summary>The search keys added after search runs were recorded: their defaults keep every id, other values get new ones.</summary>
    [Fact]
    public void Search_keys_at_their_defaults_keep_the_ids_from_before_they_existed()
    {
        const string searching = """
            seed: 3
            supernet:
              width_mult: 0.5
              resolutions: [24, 28]
            pipeline: [full, accuracy_dataset, predictor, search]
            search:
              targets: [1MFLOPs]
            """;
        var before = Ids(searching);
        Assert.Equal(before, Ids(searching, "search.resolution_mutate_prob=0.5", "search.top_down_seed=mutations", "search.resolutions=[]"));

        foreach (var changed in new[] { "search.resolution_mutate_prob=0.1", "search.top_down_seed=copies", "search.resolutions=[28]" })
        {
            var after = Ids(searching, changed);
            Assert.Equal(before["predictor"], after["predictor"]);
            Assert.NotEqual(before["search"], after["search"]);
        }
    }

    /// <summary>latency_table.runtime came after latency tables were recorded: libtorch keeps every id, onnxruntime gets the table (and what reads it) new ones.</summary>
    [Fact]
    public void The_latency_runtime_at_its_default_keeps_every_id_and_onnxruntime_moves_the_table_and_its_search()
    {
        var before = Ids(Timing);
        Assert.Equal(before, Ids(Timing, "latency_table.runtime=libtorch"));

        var onnx = Ids(Timing, "latency_table.runtime=onnxruntime");
        Assert.Equal(before["full"], onnx["full"]);
        Assert.Equal(before["accuracy_dataset"], onnx["accuracy_dataset"]);
        Assert.Equal(before["predictor"], onnx["predictor"]);
        Assert.NotEqual(before["latency_table"], onnx["latency_table"]);
        Assert.NotEqual(before["search"], onnx["search"]);

        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Timing);
        var table = Plans.Of(tree.Dir("e"), "latency_table.runtime=onnxruntime").Runs.Single(r => r.Phase == "latency_table");
        Assert.Contains("\"latency_table.runtime\":\"onnxruntime\"", table.ConfigJson, StringComparison.Ordinal);
        Assert.Equal(LatencyRuntime.Onnxruntime, table.Spec.LatencyTable.Runtime);
    }

    /// <summary>
    /// The memory format is how batches are laid out for training and evaluation: the runs that feed batches to a
    /// network hash it; the latency table times inputs of its own and does not (it still moves with its parent).
    /// </summary>
    [Fact]
    public void Channels_last_is_hashed_by_the_runs_that_feed_batches_to_a_network()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Timing);
        var runs = Plans.Of(tree.Dir("e"), "device.memory_format=channels_last").Runs.ToDictionary(r => r.Phase, r => r.ConfigJson);
        foreach (var phase in new[] { "full", "accuracy_dataset", "search" })
        {
            Assert.Contains("\"device.memory_format\":\"channels_last\"", runs[phase], StringComparison.Ordinal);
        }

        Assert.DoesNotContain("device.memory_format", runs["latency_table"], StringComparison.Ordinal);
        Assert.DoesNotContain("device.memory_format", runs["predictor"], StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_dtype_is_refused_naming_the_choices()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment + "\ndevice:\n  dtype: float16\n");
        var error = Assert.Throws<Config.ConfigException>(() => Plans.Of(tree.Dir("e")));
        Assert.Contains("float32", error.Message, StringComparison.Ordinal);
        Assert.Contains("float64", error.Message, StringComparison.Ordinal);
        Assert.Contains("experiment.yaml", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parent_links_form_the_pipeline_chain()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        var plan = Plans.Of(tree.Dir("e"));
        var full = plan.Runs.Single(r => r.Phase == "full");
        var second = plan.Runs.Single(r => r.Phase == "second");
        Assert.Null(full.ParentId);
        Assert.Equal(full.Id, second.ParentId);
        Assert.Contains($"\"parent\":\"{full.Id}\"", second.ConfigJson, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", full.Id);
    }

    [Fact]
    public void Sweep_points_that_differ_only_in_a_later_phase_share_the_earlier_run()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment + "\nsweep:\n  phases.second.lr: [0.01, 0.02, 0.03]\n");
        var plan = Plans.Of(tree.Dir("e"));
        Assert.Equal(3, plan.Points.Count);
        Assert.Single(plan.Runs, r => r.Phase == "full");
        Assert.Equal(3, plan.Runs.Count(r => r.Phase == "second"));
        Assert.Equal(3, plan.Runs.Single(r => r.Phase == "full").Points.Count);
    }

    [Fact]
    public void The_dataset_fingerprint_is_part_of_the_id()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", Experiment);
        var sources = ExperimentTree.Discover(tree.Dir("e")).Select(s => (s, ExperimentTree.Load(s, []))).ToList();
        var a = RunPlanner.Plan(sources, _ => "a");
        var b = RunPlanner.Plan(sources, _ => "b");
        Assert.NotEqual(a.Runs[0].Id, b.Runs[0].Id);
    }
}
