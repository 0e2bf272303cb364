using OfaExp.Execution.Planning;
using System.Text;
using System.Text.Json;
using OfaExp.Cli.Output;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;

namespace OfaExp.Cli.Tests;

/// <summary>`plan --json` and the text plan from the streaming planner: the same documents, bounded memory.</summary>
[Collection(nameof(AloneCollection))]
public sealed class PlanStreamTests
{
    private const string Fingerprint = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";

    private static readonly IReadOnlyDictionary<string, RunStatus> NoStatus = new Dictionary<string, RunStatus>();

    private static string Streamed(StreamedPlan plan, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
    {
        using var output = new MemoryStream();
        PlanJsonWriter.Write(output, plan, status);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>Some runs recorded, so statuses other than pending are written too, and every query is within a batch.</summary>
    private static Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> Recorded(RunPlan plan, List<int> batches)
    {
        var recorded = new Dictionary<string, RunStatus>(StringComparer.Ordinal);
        for (int i = 0; i < plan.Runs.Count; i += 3)
        {
            recorded[plan.Runs[i].Id] = i % 2 == 0 ? RunStatus.Done : RunStatus.Failed;
        }

        return ids =>
        {
            batches.Add(ids.Count);
            return ids.Where(recorded.ContainsKey).ToDictionary(id => id, id => recorded[id], StringComparer.Ordinal);
        };
    }

    [Theory]
    [InlineData("")]
    [InlineData("quickstart")]
    [InlineData("kd")]
    [InlineData("multilat")]
    public void The_streamed_json_is_the_in_memory_json_of_the_committed_experiments(string directory)
    {
        var dir = Path.Combine(Sandbox.RepoRoot(), "experiments", directory);
        var plan = PlanBuilder.Build(dir, [], PlanTests.StandInFingerprint, torchBackend: Core.Spec.DeviceKind.Cuda);
        var batches = new List<int>();
        var status = Recorded(plan, batches);
        var inMemory = InMemoryPlanJson.Json(plan, status(plan.Runs.Select(r => r.Id).ToList()));
        batches.Clear();

        var streamed = Streamed(PlanBuilder.Stream(dir, [], PlanTests.StandInFingerprint, torchBackend: Core.Spec.DeviceKind.Cuda), status);

        using var a = JsonDocument.Parse(inMemory);
        using var b = JsonDocument.Parse(streamed);
        Assert.True(JsonElement.DeepEquals(a.RootElement, b.RootElement));
        Assert.Equal(inMemory, streamed);
        Assert.Contains("\"status\": \"done\"", streamed, StringComparison.Ordinal);
        Assert.All(batches, n => Assert.InRange(n, 1, PlanJsonWriter.StatusBatch));
        Assert.Equal(plan.Runs.Count, batches.Sum());
    }

    [Theory]
    [InlineData("")]
    [InlineData("kd")]
    public void The_streamed_text_of_a_small_plan_is_the_in_memory_text(string directory)
    {
        var dir = Path.Combine(Sandbox.RepoRoot(), "experiments", directory);
        var plan = PlanBuilder.Build(dir, [], PlanTests.StandInFingerprint, torchBackend: Core.Spec.DeviceKind.Cuda);
        var status = Recorded(plan, []);
        var inMemory = PlanPrinter.Text(plan, status(plan.Runs.Select(r => r.Id).ToList()));

        var streamed = PlanPrinter.Text(PlanBuilder.Stream(dir, [], PlanTests.StandInFingerprint, torchBackend: Core.Spec.DeviceKind.Cuda), status);

        Assert.Equal(inMemory, streamed);
    }

    /// <summary>
    /// 20,000 points (10,000 seeds x 2 kernel learning rates): 10,000 full runs each shared by two points and
    /// 20,000 kernel runs, about 60 MB of JSON. While it is written, what the process holds after a full collection
    /// stays a fraction of that: the in-memory plan held every run's spec and the whole document, twice. The heap is
    /// the process's, so the probe counts from what it held before the write (other tests' runs leave data sets in the
    /// process's split cache) and the test runs with no other test beside it.
    /// </summary>
    [Fact]
    public void A_large_sweep_streams_well_formed_json_in_bounded_memory_and_starts_before_planning_ends()
    {
        using var box = new Sandbox();
        var seeds = string.Join(", ", Enumerable.Range(0, 10_000));
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, kernel]", StringComparison.Ordinal)
            + $"sweep:\n  seed: [{seeds}]\n  phases.kernel.lr: [0.01, 0.02]\n");
        var plan = PlanBuilder.Stream(Path.Combine(box.Root, "experiments", "e"), [], _ => Fingerprint);
        int planned = 0;
        var counted = plan with { Steps = Count(plan.Steps, () => planned++) };
        using var output = new ProbeStream(() => planned, GC.GetTotalMemory(forceFullCollection: true));

        PlanJsonWriter.Write(output, counted, _ => NoStatus);

        // Two passes: points, then runs by planning again.
        Assert.Equal(40_000, planned);
        Assert.Equal(PlanJsonWriter.HeldPoints, output.PlannedAtFirstByte);
        Assert.InRange(output.MostHeld, 0, 48L << 20);
        Assert.InRange(output.Length, 60L << 20, long.MaxValue);

        output.Position = 0;
        using var doc = JsonDocument.Parse(output);
        var points = doc.RootElement.GetProperty("experiments")[0].GetProperty("points");
        var runs = doc.RootElement.GetProperty("runs");
        Assert.Equal(20_000, points.GetArrayLength());
        Assert.Equal(30_000, runs.GetArrayLength());
        Assert.Equal(Enumerable.Range(0, 20_000), points.EnumerateArray().Select(p => p.GetProperty("index").GetInt32()));
        var full = runs.EnumerateArray().Where(r => r.GetProperty("phase").GetString() == "full").ToList();
        Assert.Equal(10_000, full.Count);
        Assert.All(full, r => Assert.Equal(2, r.GetProperty("points").GetArrayLength()));
        Assert.Equal(["e#19998", "e#19999"], full[^1].GetProperty("points").EnumerateArray().Select(p => p.GetString()));
        Assert.All(runs.EnumerateArray().Where(r => r.GetProperty("phase").GetString() == "kernel"), r => Assert.Equal(1, r.GetProperty("points").GetArrayLength()));
    }

    [Fact]
    public void Bad_input_found_among_the_first_points_leaves_stdout_empty()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "sweep:\n  data.split_seed: [0, 1, 2, 3]\n");
        var plan = PlanBuilder.Stream(Path.Combine(box.Root, "experiments", "e"), [], data =>
            data.SplitSeed < 3 ? Fingerprint : throw new Core.Errors.OfaExpException("the data set was not found"));
        using var output = new MemoryStream();

        Assert.Throws<Core.Errors.OfaExpException>(() => PlanJsonWriter.Write(output, plan, _ => NoStatus));
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void The_text_of_a_large_plan_counts_everything_and_lists_the_first_runs()
    {
        using var box = new Sandbox();
        var seeds = string.Join(", ", Enumerable.Range(0, 1_500));
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny.Replace("pipeline: [full]", "pipeline: [full, kernel]", StringComparison.Ordinal)
            + $"sweep:\n  seed: [{seeds}]\n  phases.kernel.lr: [0.01, 0.02]\n");
        var plan = PlanBuilder.Stream(Path.Combine(box.Root, "experiments", "e"), [], _ => Fingerprint);
        var full = RunPlanner.Collect(plan.Experiments, plan.Steps);
        var done = full.Runs.Where((r, i) => i % 7 == 0).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        var text = PlanPrinter.Text(plan, ids => ids.Where(done.Contains).ToDictionary(id => id, _ => RunStatus.Done, StringComparer.Ordinal));

        var lines = text.Split('\n');
        Assert.Equal($"experiment e (3000 points, 4500 runs: {done.Count} done, {4500 - done.Count} to run)", lines[0]);
        Assert.Equal(PlanPrinter.SummaryRows, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^  [0-9a-f]{12}  ")));
        Assert.Contains($"  ... {4500 - PlanPrinter.SummaryRows} more runs not listed (ofaexp plan --json lists every run)\n", text, StringComparison.Ordinal);

        // The listed rows read as in the full text: the first full run is shared by the seed's two points.
        Assert.Matches($@"\n  {full.Runs[0].Id[..12]}  full +- +(- +)?done +shared by 2 points\n", text);
        Assert.Matches($@"\n  {full.Runs[1].Id[..12]}  kernel +{full.Runs[0].Id[..12]} +({full.Runs[0].Id[..12]} +)?pending +seed=0,phases.kernel.lr=0.01\n", text);
    }

    private static IEnumerable<T> Count<T>(IEnumerable<T> items, Action counted)
    {
        foreach (var item in items)
        {
            counted();
            yield return item;
        }
    }

    /// <summary>
    /// Keeps what is written, and notes how many points were planned when the first byte came and, every 4 MiB,
    /// what the heap holds after a full collection beyond <paramref name="baseline"/> (less what it has itself received).
    /// </summary>
    private sealed class ProbeStream(Func<int> planned, long baseline) : MemoryStream
    {
        private long _nextProbe = 4L << 20;

        public int? PlannedAtFirstByte { get; private set; }

        public long MostHeld { get; private set; }

        // MemoryStream hands a subclass's span writes to this overload, so it is the one to override.
        public override void Write(byte[] buffer, int offset, int count)
        {
            PlannedAtFirstByte ??= planned();
            base.Write(buffer, offset, count);
            if (Length >= _nextProbe)
            {
                _nextProbe += 4L << 20;
                MostHeld = Math.Max(MostHeld, GC.GetTotalMemory(forceFullCollection: true) - baseline - Capacity);
            }
        }
    }
}
