using OfaExp.Core.Config;
using OfaExp.Core.Errors;

namespace OfaExp.Core.Tests;

public sealed class ValidationTests
{
    private static ConfigException Fails(string yaml, params string[] overrides)
    {
        using var tree = new TempTree();
        var file = tree.Write("e/experiment.yaml", yaml);
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e"), overrides));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        Assert.Contains("Nothing was run or written", e.Message, StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void Malformed_yaml_names_file_and_line()
    {
        var e = Fails("seed: 1\nsupernet:\n  width_mult: 1.0\n   depths: 3\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.EndsWith("experiment.yaml", d.Location.File, StringComparison.Ordinal);
        Assert.True(d.Location.Line >= 3);
        Assert.Contains("malformed YAML", d.Message, StringComparison.Ordinal);
    }

    private const string OnnxLatencyTable = """
        pipeline: [full, accuracy_dataset, predictor, latency_table]
        latency_table:
          runtime: onnxruntime
        """;

    [Theory]
    [InlineData("device:\n  kind: cuda\n", "latency_table.runtime: 'latency_table' would time in ONNX Runtime, whose package here is its CPU build, but device.kind is 'cuda'")]
    [InlineData("device:\n  dtype: float64\n", "latency_table.runtime: 'latency_table' would time float32 ONNX graphs in ONNX Runtime, but device.dtype is 'float64'")]
    public void An_onnxruntime_latency_table_is_refused_where_it_cannot_time_what_the_run_asks_at_the_runtime_key(string device, string message)
    {
        var e = Fails(OnnxLatencyTable + "\n" + device);
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(3, d.Location.Line);
        Assert.StartsWith(message, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latency_runtime_is_only_checked_where_a_phase_times_in_it()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "pipeline: [full]\nlatency_table:\n  runtime: onnxruntime\ndevice:\n  dtype: float64\n");
        Assert.Single(Plans.Of(tree.Dir("e")).Runs);
    }

    [Fact]
    public void Unknown_key_gets_a_did_you_mean()
    {
        var e = Fails("seed: 1\nsupernet:\n  widht_mult: 1.0\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(3, d.Location.Line);
        Assert.Contains("unknown key 'supernet.widht_mult'", d.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'supernet.width_mult'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_without_a_close_match_lists_the_known_ones()
    {
        var e = Fails("data:\n  shuffle_buffer: 10\n");
        Assert.Contains("Known keys under 'data': augment, dataset, decode_threads, root, split_seed, train_subset, val_fraction", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_padded_crop_and_a_resized_crop_together_are_refused_at_the_resized_crop()
    {
        var e = Fails("data:\n  augment:\n    random_crop_padding: 4\n    random_resized_crop: 0.08\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(4, d.Location.Line);
        Assert.Contains("are two crops; keep one", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_image_folder_needs_a_root_and_a_resized_crop_each_named_where_it_is_set()
    {
        var e = Fails("data:\n  dataset: image_folder\n  augment:\n    random_crop_padding: 4\n");
        Assert.Equal(3, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Message.StartsWith("data.root: data set 'image_folder' reads the directory that holds train/<class>/", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Message.StartsWith("data.augment.random_resized_crop: data set 'image_folder'", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Message.StartsWith("data.augment.random_crop_padding:", StringComparison.Ordinal) && d.Location.Line == 4);
    }

    [Fact]
    public void A_colour_jitter_is_refused_for_an_in_memory_data_set_at_its_line()
    {
        var e = Fails("data:\n  dataset: fashion-mnist\n  augment:\n    color_jitter: tf\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(4, d.Location.Line);
        Assert.StartsWith("data.augment.color_jitter: the colour jitter is applied by the streaming image pipeline", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_colour_jitter_on_an_image_folder_changes_its_run_ids_and_none_keeps_them()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "data:\n  dataset: image_folder\n  root: photos\n  augment:\n    random_resized_crop: 0.08\n");
        var plain = Plans.IdsByPhase(Plans.Of(tree.Dir("e")));
        Assert.Equal(plain, Plans.IdsByPhase(Plans.Of(tree.Dir("e"), "data.augment.color_jitter=none")));
        Assert.NotEqual(plain, Plans.IdsByPhase(Plans.Of(tree.Dir("e"), "data.augment.color_jitter=tf")));
        Assert.Equal(Core.Spec.ColorJitter.Tf, Plans.Of(tree.Dir("e"), "data.augment.color_jitter=tf").Runs[0].Spec.Data.Augment.Color);
    }

    [Fact]
    public void Decode_threads_are_not_in_any_run_id_and_an_image_folder_plans()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "data:\n  dataset: image_folder\n  root: photos\n  augment:\n    random_resized_crop: 0.08\n");
        var one = Plans.IdsByPhase(Plans.Of(tree.Dir("e"), "data.decode_threads=1"));
        Assert.Equal(one, Plans.IdsByPhase(Plans.Of(tree.Dir("e"), "data.decode_threads=3")));
        var spec = Plans.Of(tree.Dir("e")).Runs[0].Spec.Data;
        Assert.Equal(Path.Combine(tree.Dir("e"), "photos"), spec.Root);
        Assert.Equal((3, 0, true), (spec.Info.Channels, spec.Info.NumClasses, spec.Info.Streamed));
        Assert.Equal(7, (spec with { Classes = 7 }).Info.NumClasses);
    }

    [Fact]
    public void Kernel_size_four_is_an_impossible_choice()
    {
        var e = Fails("supernet:\n  kernel_sizes: [3, 4, 7]\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(2, d.Location.Line);
        Assert.Contains("4 is not a valid kernel size; choose from 3, 5, 7", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_are_reported_with_what_was_expected()
    {
        var e = Fails("phases:\n  full:\n    epochs: three\n    nesterov: 1\n");
        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("phases.full.epochs: expected an integer, got 'three'", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("phases.full.nesterov: expected true or false", StringComparison.Ordinal));
    }

    [Fact]
    public void An_empty_sweep_list_is_rejected()
    {
        var e = Fails("sweep:\n  seed: []\n");
        Assert.Contains("the list for 'seed' is empty", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sweep_key_that_does_not_exist_is_rejected_with_a_suggestion()
    {
        var e = Fails("sweep:\n  phases.full.learning_rat: [0.1]\n  sed: [1, 2]\n");
        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("Did you mean 'seed'?", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("unknown key 'phases.full.learning_rat'", StringComparison.Ordinal));
    }

    [Fact]
    public void Sweep_values_are_validated_like_file_values()
    {
        var e = Fails("sweep:\n  supernet.kernel_sizes: [[3, 5], [3, 4]]\n");
        Assert.Contains("4 is not a valid kernel size", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unequal_zip_lists_are_rejected()
    {
        var e = Fails("sweep:\n  zip:\n    - {phases.full.lr: [0.1, 0.2], phases.full.epochs: [1]}\n");
        Assert.Contains("need the same length", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_override_of_an_unknown_key_names_the_command_line()
    {
        var e = Fails("seed: 1\n", "phases.full.epoch=2");
        var d = Assert.Single(e.Diagnostics);
        Assert.Contains("command-line override", d.Location.File, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'phases.full.epochs'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_phase_without_a_known_kind_is_rejected()
    {
        var e = Fails("pipeline: [full, shrink]\n");
        Assert.Contains("phases.shrink: set 'kind' (one of: full, kernel, level, height, depth, expand, import, accuracy_dataset, predictor, latency_table, search)", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var e = Fails("seed: -1\nsupernet:\n  depths: [5]\ndata:\n  val_fraction: 0.9\n");
        Assert.Equal(3, e.Diagnostics.Count);
    }
}

public sealed class UnclosedFlowTests
{
    [Fact]
    public void An_unclosed_list_is_malformed_yaml_not_a_crash()
    {
        var e = Assert.Throws<ConfigException>(() => YamlConfigReader.ReadText("a: [1, 2\nb: 3\n", "x.yaml"));
        Assert.Contains("malformed YAML", e.Message, StringComparison.Ordinal);
        Assert.Equal("x.yaml", e.Diagnostics[0].Location.File);
    }
}

public sealed class ShrinkingValidationTests
{
    private static ConfigException Fails(string yaml, params string[] overrides)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", yaml);
        var e = Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e"), overrides));
        Assert.Equal(ExitCodes.BadInput, e.ExitCode);
        return e;
    }

    private const string Pipeline = "supernet:\n  kernel_sizes: [3, 5]\n  resolutions: [24, 28]\npipeline: [full, kernel]\n";

    [Fact]
    public void A_phase_choice_outside_the_supernet_names_file_and_line()
    {
        var e = Fails(Pipeline + "phases:\n  kernel:\n    kernel_sizes: [3, 7]\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.EndsWith("experiment.yaml", d.Location.File, StringComparison.Ordinal);
        Assert.Equal(7, d.Location.Line);
        Assert.Contains("phases.kernel.kernel_sizes: 7 is not among supernet.kernel_sizes [3, 5]", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_impossible_choice_is_rejected_when_parsed()
    {
        var e = Fails(Pipeline + "phases:\n  kernel:\n    depths: [4, 3]\n");
        Assert.Contains("phases.kernel.depths: list the depths in ascending order", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_resolutions_must_be_supernet_resolutions()
    {
        var e = Fails(Pipeline + "eval:\n  resolutions: [20, 28]\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(6, d.Location.Line);
        Assert.Contains("eval.resolutions: 20 is not among supernet.resolutions [24, 28]", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_phase_accepts_only_the_maximal_network()
    {
        var e = Fails(Pipeline + "phases:\n  full:\n    kernel_sizes: [3, 5]\n    subnets_per_step: 2\n    sort_channels: true\n");
        Assert.Equal(3, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Location.Line == 7 && d.Message.Contains("can only be [5]", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Location.Line == 8 && d.Message.Contains("phases.full.subnets_per_step", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Location.Line == 9 && d.Message.Contains("phases.full.sort_channels", StringComparison.Ordinal));
    }

    [Fact]
    public void A_full_phase_may_train_at_elastic_resolutions_that_include_the_largest()
    {
        var e = Fails(Pipeline + "phases:\n  full:\n    resolutions: [24]\n");
        Assert.Contains("the list must include 28", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shrinking_phase_may_not_come_first()
    {
        var e = Fails("pipeline: [kernel, full]\n");
        Assert.Contains("the first phase must be of kind 'full'", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval:\n  subnets: [max, tiny]\n", "eval.subnets: 'tiny' is not a valid subnet name; choose from min, mid, max")]
    [InlineData("eval:\n  subnets: [max, max]\n", "eval.subnets: 'max' is listed twice")]
    [InlineData("kd:\n  loss: attention\n", "kd.loss: 'attention' is not a valid choice; choose one of: none, logits, ens, exit, kl")]
    [InlineData("kd:\n  ratio: -1\n", "kd.ratio: must be at least 0")]
    [InlineData("teacher:\n  selection: latest\n", "teacher.selection: 'latest' is not a valid choice; choose one of: fixed, extracted")]
    [InlineData("eval:\n  recal_batch_size: 0\n", "eval.recal_batch_size: must be between 1")]
    public void Kd_teacher_and_eval_values_are_checked(string yaml, string message)
    {
        var e = Fails(Pipeline + yaml);
        Assert.Contains(message, Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kd:\n  rato: 0.5\n", "Did you mean 'kd.ratio'?")]
    [InlineData("eval:\n  recal_image: 10\n", "Did you mean 'eval.recal_images'?")]
    [InlineData("phases:\n  kernel:\n    kernel_size: [3]\n", "Did you mean 'phases.kernel.kernel_sizes'?")]
    [InlineData("teacher:\n  mode: fixed\n", "Known keys under 'teacher': selection.")]
    [InlineData("kd:\n  loss: logit\n", "kd.loss: 'logit' is not a valid choice; choose one of: none, logits, ens, exit, kl. Did you mean 'logits'?")]
    [InlineData("device:\n  kind: cudaa\n", "Did you mean 'cuda'?")]
    [InlineData("search:\n  efficiency: flop\n", "Did you mean 'flops'?")]
    public void Misspelt_new_keys_get_suggestions(string yaml, string message)
    {
        var e = Fails(Pipeline + yaml);
        Assert.Contains(message, Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sweeping_kd_ratio_is_validated_like_a_file_value()
    {
        var e = Fails(Pipeline + "sweep:\n  kd.ratio: [0.5, -2]\n");
        Assert.Contains("kd.ratio: must be at least 0", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }
}

public sealed class TableKeyValidationTests
{
    private static ConfigException Fails(string tables)
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "pipeline: [full, kernel]\ntables:\n" + tables);
        return Assert.Throws<ConfigException>(() => Plans.Of(tree.Dir("e")));
    }

    [Fact]
    public void An_unknown_row_key_names_its_line_and_suggests_the_path()
    {
        var e = Fails("  t:\n    rows: [phase, phases.kernel.lr, phases.kernel.lrr]\n    values: {v: last(val_top1)}\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(4, d.Location.Line);
        Assert.Contains("tables.t.rows: unknown key 'phases.kernel.lrr'. Did you mean 'phases.kernel.lr'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subnet_key_needs_source_subnets()
    {
        var e = Fails("  t:\n    rows: [phase, subnet]\n    values: {v: last(val_top1)}\n");
        Assert.Contains("'subnet' is a key of subnet evaluations; add 'source: subnets'", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_table_filter_that_is_not_one_text_is_refused_at_its_line()
    {
        // It was dropped silently before table keys were read through their declared shapes.
        var e = Fails("  t:\n    rows: [phase]\n    where: [phase == full]\n    values: {v: max(top1)}\n");
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(5, d.Location.Line);
        Assert.Contains("tables.t.where: expected a filter, e.g. phase == full.", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Source_and_columns_are_checked()
    {
        var e = Fails("  t:\n    source: evals\n    rows: [phase]\n    columns: phase\n    values: {v: max(top1)}\n");
        Assert.Equal(2, e.Diagnostics.Count);
        Assert.Contains(e.Diagnostics, d => d.Location.Line == 4 && d.Message.Contains("tables.t.source: expected one of metrics, subnets", StringComparison.Ordinal));
        Assert.Contains(e.Diagnostics, d => d.Location.Line == 6 && d.Message.Contains("'phase' is also a row key", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_outside_identity_cannot_be_a_row_key()
    {
        var e = Fails("  t:\n    rows: [description]\n    values: {v: last(val_top1)}\n");
        Assert.Contains("'description' never reaches a run's identity", Assert.Single(e.Diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subnets_table_with_evaluation_keys_and_a_pivot_binds()
    {
        using var tree = new TempTree();
        tree.Write("e/experiment.yaml", "pipeline: [full, kernel]\ntables:\n  t:\n    source: subnets\n    rows: [subnet, resolution, seed]\n    columns: phase\n    values: {top1: max(top1)}\n");
        var table = Assert.Single(Plans.Of(tree.Dir("e")).Runs[0].Spec.Tables);
        Assert.Equal((Tables.TableSource.Subnets, "phase", 3), (table.Source, table.Columns, table.Location!.Line));
        Assert.Equal(["subnet", "resolution", "seed"], table.Rows);
        Assert.Equal(7, table.Values[0].Location!.Line);
    }
}
