namespace OfaExp.Cli.Tests;

/// <summary>Search phases reject what cannot work before any training: out-of-range targets, a missing predictor.</summary>
public sealed class SearchInputTests
{
    private static readonly string Searching = Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, accuracy_dataset, predictor, search]", StringComparison.Ordinal);

    [Fact]
    public void A_flops_target_outside_the_space_fails_before_any_work_naming_the_range()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Searching + "search:\n  targets: [0.01MFLOPs]\n");
        var (exit, _, err) = box.Run(["sweep", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains("experiments/e/experiment.yaml: search.targets: Search target 0.01MFLOPs is outside what the space can reach", err, StringComparison.Ordinal);
        Assert.Matches(@"its subnets cost \d+(\.\d+)? to \d+(\.\d+)? MFLOPs", err);
        Assert.False(File.Exists(box.Db), "a rejected sweep must not create the store");
    }

    [Theory]
    [InlineData("0.01MFLOPs", "plan")]
    [InlineData("100000MFLOPs", "plan")]
    [InlineData("100000MFLOPs", "plan", "--json")]
    [InlineData("100000MFLOPs", "tables")]
    public void A_flops_target_outside_the_space_fails_planning_naming_the_range(string target, params string[] command)
    {
        // The FLOPs range follows from the plan alone, so every command that plans refuses it, not only sweep.
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Searching + $"search:\n  targets: [{target}]\n");
        var (exit, _, err) = box.Run([.. command, "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains($"experiments/e/experiment.yaml: search.targets: Search target {target} is outside what the space can reach", err, StringComparison.Ordinal);
        Assert.Matches(@"its subnets cost \d+(\.\d+)? to \d+(\.\d+)? MFLOPs", err);
        Assert.False(File.Exists(box.Db), "a rejected plan must not create the store");
    }

    [Fact]
    public void A_search_without_a_predictor_before_it_is_a_config_error()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, search]", StringComparison.Ordinal) + "search:\n  targets: [3MFLOPs]\n");
        var (exit, _, err) = box.Run(["plan", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains("'search' ranks candidates with an accuracy predictor, so a predictor phase must come before it", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_latency_table_of_a_parallel_block_supernet_is_refused_before_any_training()
    {
        using var box = new Sandbox();
        var yaml = Sandbox.Tiny
            .Replace("pipeline: [full]", "pipeline: [full, accuracy_dataset, predictor, latency_table, search]", StringComparison.Ordinal)
            .Replace("supernet:\n", "supernet:\n  blocks: parallel\n", StringComparison.Ordinal);
        box.Write("experiments/e/experiment.yaml", yaml + "search:\n  targets: [3MFLOPs]\n");
        var (exit, _, err) = box.Run(["sweep", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains("'latency_table' times the space layer by layer, which is not supported for parallel-block supernets (supernet.blocks: parallel)", err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db), "a rejected sweep must not create the store");
    }

    [Fact]
    public void An_onnxruntime_latency_table_of_a_float64_run_is_refused_at_the_runtime_key_before_any_training()
    {
        using var box = new Sandbox();
        var yaml = Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, accuracy_dataset, predictor, latency_table]", StringComparison.Ordinal)
            + "device:\n  dtype: float64\nlatency_table:\n  runtime: onnxruntime\n";
        box.Write("experiments/e/experiment.yaml", yaml);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.Contains("runtime:", StringComparison.Ordinal)) + 1;
        var (exit, _, err) = box.Run(["sweep", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains($"experiments/e/experiment.yaml:{line}:", err, StringComparison.Ordinal);
        Assert.Contains("latency_table.runtime: 'latency_table' would time float32 ONNX graphs in ONNX Runtime, but device.dtype is 'float64'", err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db), "a rejected sweep must not create the store");
    }

    [Fact]
    public void Targets_in_the_wrong_unit_name_the_key()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Searching + "search:\n  targets: [15ms]\n");
        var (exit, _, err) = box.Run(["plan", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains("search.targets: the targets are in ms but search.efficiency is 'flops'", err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_off_search_of_a_run_that_is_not_done_names_the_run()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Searching + "search:\n  targets: [1MFLOPs]\n");
        var (_, planOut, _) = box.Run(["plan", "experiments/e"]);
        var fullId = planOut.Split('\n').First(l => l.Contains(" full ", StringComparison.Ordinal)).Trim().Split(' ')[0];
        var (exit, _, err) = box.Run(["search", fullId, "--target", "1MFLOPs", "--experiments", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains($"Run {fullId} (e/full) is not done", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_run_id_says_so_and_presets_without_their_data_do_not_stop_a_lookup()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Searching + "search:\n  targets: [1MFLOPs]\n");
        box.Write("experiments/gpu/experiment.yaml", Searching.Replace("data:\n", "data:\n  root: /nonexistent/fashion-mnist\n", StringComparison.Ordinal) + "search:\n  targets: [1MFLOPs]\n");
        var (_, planOut, _) = box.Run(["plan", "experiments/e"]);
        var fullId = planOut.Split('\n').First(l => l.Contains(" full ", StringComparison.Ordinal)).Trim().Split(' ')[0];

        var unknown = box.Run(["search", "ffffffffffff", "--target", "1MFLOPs"]);
        Assert.Equal(2, unknown.Exit);
        Assert.StartsWith("error: no run ffffffffffff in experiments", unknown.Err, StringComparison.Ordinal);
        Assert.Contains("gpu", unknown.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("/nonexistent/fashion-mnist", unknown.Err, StringComparison.Ordinal);

        var known = box.Run(["search", fullId, "--target", "1MFLOPs"]);
        Assert.Equal(2, known.Exit);
        Assert.Contains($"Run {fullId} (e/full) is not done", known.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_one_off_query_hashes_its_search_phase_with_only_the_target_and_strategy_changed()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Searching + "search:\n  targets: [0.5MFLOPs, 1MFLOPs]\n");
        var plan = OfaExp.Execution.Planning.PlanBuilder.Build(Path.Combine(box.Root, "experiments/e"), []);
        var template = plan.Runs.Single(r => r.Phase == "search");
        var full = plan.Runs.Single(r => r.Phase == "full");

        var planned = OfaExp.Execution.Planning.SearchQueryPlanner.Plan(Path.Combine(box.Root, "experiments/e"), full.Id[..12], Core.Search.EfficiencyTarget.Parse("0.8MFLOPs"), Core.Search.SearchStrategy.TopDown);
        Assert.Equal(full.Id, planned.Asked.Id);
        Assert.Equal(template.ParentId, planned.Query.ParentId);

        // What the command hashed when it edited the template's identity by hand: the same id, so queries recorded
        // then are found done now.
        var identity = Core.Hashing.RunIdentityDocument.Parse(template.ConfigJson);
        var inputs = new Dictionary<string, string>(identity.Inputs) { ["search.targets"] = "[\"0.8MFLOPs\"]", ["search.strategy"] = "\"top_down\"" };
        Assert.Equal((identity with { Inputs = inputs }).Id, planned.Query.Id);
        Assert.Equal([planned.Query.Id], planned.Plan.Runs.Where(r => r.Phase == "search" && r.Id == planned.Query.Id).Select(r => r.Id));
    }

    [Fact]
    public void A_one_off_search_for_an_unreachable_flops_target_names_the_range_before_anything_is_written()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Searching + "search:\n  targets: [1MFLOPs]\n");
        var (_, planOut, _) = box.Run(["plan", "experiments/e"]);
        var fullId = planOut.Split('\n').First(l => l.Contains(" full ", StringComparison.Ordinal)).Trim().Split(' ')[0];
        var (exit, _, err) = box.Run(["search", fullId, "--target", "100000MFLOPs", "--experiments", "experiments/e"]);

        Assert.Equal(2, exit);
        Assert.Contains("experiments/e/experiment.yaml: search.targets: Search target 100000MFLOPs is outside what the space can reach", err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db), "a refused search must not create the store");
    }
}
