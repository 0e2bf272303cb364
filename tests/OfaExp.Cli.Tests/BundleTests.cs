using OfaExp.Execution.Planning;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Hardware;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Run bundles without a cluster: `run ID --bundles DIR` trains a run into its own bundle (copying in the finished
/// ancestors it needs), `ingest DIR` merges finished bundles once (a second ingest changes nothing), and a bundle
/// that is corrupt, truncated, tampered with or from a newer schema is refused with exit 2 naming it, with nothing
/// written to the store.
/// </summary>
public sealed class BundleTests : IDisposable
{
    private readonly Sandbox _box = new();
    private readonly string _bundles;
    private readonly Core.Planning.RunPlan _plan;

    public BundleTests()
    {
        _box.Write("experiments/tiny/experiment.yaml", ConcurrentSweepTests.Yaml);
        _bundles = Path.Combine(_box.Root, "bundles");
        _plan = PlanBuilder.Build(Path.Combine(_box.Root, "experiments", "tiny"), []);
    }

    public void Dispose() => _box.Dispose();

    private Core.Planning.PlannedRun Run(string phase, int seed) =>
        _plan.Runs.Single(r => r.Phase == phase && r.Spec.Seed == seed);

    private (int Exit, string Out, string Err) Task(Core.Planning.PlannedRun run) =>
        _box.Run("run", run.Id, "--experiments", "experiments/tiny", "--bundles", _bundles);

    private static void AssertRefused((int Exit, string Out, string Err) r, string bundle, string why)
    {
        Assert.Equal(2, r.Exit);
        Assert.Contains($"Run bundle {bundle} is refused", r.Err, StringComparison.Ordinal);
        Assert.Contains(why, r.Err, StringComparison.Ordinal);
        Assert.Contains("Nothing was ingested", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_trained_in_bundles_ingests_once_into_the_tables_of_an_in_process_sweep()
    {
        var kernel = Run("kernel", 0);
        var early = Task(kernel);
        Assert.Equal(1, early.Exit);
        Assert.Contains("has no finished bundle", early.Out + early.Err, StringComparison.Ordinal);

        foreach (var run in new[] { Run("full", 0), Run("full", 1), kernel, Run("kernel", 1) })
        {
            var task = Task(run);
            Assert.True(task.Exit == 0, task.Err);
            Assert.False(File.Exists(_box.Db), "a bundle task must not touch the central store");
        }

        var first = _box.Run("ingest", "bundles");
        Assert.True(first.Exit == 0, first.Err);
        Assert.StartsWith("4 ingested, 0 already in the store, 0 hardware differences, 0 not finished.", first.Out, StringComparison.Ordinal);

        // Each task recorded the class it trained on, and the run took it along into the store.
        using (var bundle = RunStore.OpenReadOnly(Path.Combine(_bundles, kernel.Id, "bundle.db"))!)
        using (var store = RunStore.OpenReadOnly(_box.Db)!)
        {
            var recorded = bundle.Find(kernel.Id)!.Hardware;
            Assert.NotNull(HardwareClass.Parse(recorded));
            Assert.Equal(ToolInfo.Libtorch, HardwareClass.Parse(recorded)!.Libtorch);
            Assert.Equal(recorded, store.Find(kernel.Id)!.Hardware);
        }

        var again = _box.Run("ingest", "bundles");
        Assert.StartsWith("0 ingested, 4 already in the store", again.Out, StringComparison.Ordinal);

        Assert.Equal(0, _box.Run("tables", "experiments/tiny").Exit);
        Assert.Equal(ConcurrentSweepTests.AloneTable(), File.ReadAllBytes(ConcurrentSweepTests.Table(_box)));
        var sweep = _box.Run("sweep", "experiments/tiny");
        Assert.Contains("0 trained, 4 reused", sweep.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tampered metric", "its result digest does not verify")]
    [InlineData("truncated store", "is damaged")]
    [InlineData("newer schema", "written by a newer ofaexp")]
    [InlineData("truncated blob", "refused")]
    [InlineData("garbled manifest", "cannot be read")]
    public void A_bad_bundle_is_refused_naming_it_and_nothing_is_ingested(string fault, string why)
    {
        var full = Run("full", 0);
        Assert.Equal(0, Task(full).Exit);
        Assert.Equal(0, Task(Run("full", 1)).Exit);
        var bundle = Path.Combine(_bundles, full.Id);
        var db = Path.Combine(bundle, "bundle.db");
        switch (fault)
        {
            case "tampered metric":
                Execute(db, "UPDATE metrics SET value = value + 1 WHERE name = 'val_top1'");
                break;
            case "truncated store":
                using (var stream = new FileStream(db, FileMode.Open))
                {
                    stream.SetLength(stream.Length / 3);
                }

                break;
            case "newer schema":
                Execute(db, "INSERT INTO schema_version (version, description, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')");
                break;
            case "truncated blob":
                var blob = Directory.EnumerateFiles(Path.Combine(bundle, "store"), "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal).First();
                File.WriteAllBytes(blob, File.ReadAllBytes(blob)[..10]);
                break;
            case "garbled manifest":
                File.WriteAllText(Path.Combine(bundle, "bundle.json"), "{\"Format\": 1, \"Run\"");
                break;
        }

        // The store holds a planned run already, so "nothing written" means its bytes stay the same.
        Assert.Equal(0, _box.Run("run", Run("full", 1).Id, "--experiments", "experiments/tiny").Exit);
        var before = File.ReadAllBytes(_box.Db);
        var refused = _box.Run("ingest", "bundles");

        AssertRefused(refused, bundle, why);
        Assert.Equal(before, File.ReadAllBytes(_box.Db));
    }

    private const string NodeA = "cpu=AMD EPYC 9654 96-Core Processor; aten=avx512; onednn=native; torchsharp=0.107.0; libtorch=libtorch-cpu-linux-x64 2.10.0";
    private const string NodeB = "cpu=AMD EPYC 7B13; aten=avx2; onednn=native; torchsharp=0.107.0; libtorch=libtorch-cpu-linux-x64 2.10.0";

    [Theory]
    [InlineData(NodeB, null)]
    [InlineData(NodeA, "both were trained on " + NodeA)]
    [InlineData(null, "the hardware class of the store's run is unknown")]
    public void A_run_done_in_the_store_with_another_result_is_kept_from_other_hardware_and_refused_from_the_same(string? storeHardware, string? refusal)
    {
        var (full0, full1) = (Run("full", 0), Run("full", 1));
        Assert.Equal(0, Task(full0).Exit);
        Assert.Equal(0, _box.Run("ingest", "bundles").Exit);
        Assert.Equal(0, Task(full1).Exit);

        // The store's full0 as if another task had trained it with another result; the bundle's on node A.
        var storeDigest = new string('e', 64);
        Execute(_box.Db, $"UPDATE runs SET result_digest = '{storeDigest}', hardware = {(storeHardware is null ? "NULL" : $"'{storeHardware}'")} WHERE id = '{full0.Id}'");
        Execute(Path.Combine(_bundles, full0.Id, "bundle.db"), $"UPDATE runs SET hardware = '{NodeA}' WHERE id = '{full0.Id}'");
        var before = File.ReadAllBytes(_box.Db);

        var ingest = _box.Run("ingest", "bundles");

        if (refusal is not null)
        {
            AssertRefused(ingest, Path.Combine(_bundles, full0.Id), refusal);
            Assert.Contains($"run {full0.Id[..12]} (tiny/full) is done in the store with result digest eeeeeeeeeeee and in the bundle with", ingest.Err, StringComparison.Ordinal);
            Assert.Equal(before, File.ReadAllBytes(_box.Db));
            return;
        }

        Assert.True(ingest.Exit == 0, ingest.Err);
        Assert.StartsWith("1 ingested, 0 already in the store, 1 hardware differences, 0 not finished.\n", ingest.Out, StringComparison.Ordinal);
        Assert.Contains($"run {full0.Id[..12]}: bundle trained on {NodeA}, the store's on {NodeB}: results differ by float noise; kept the store's\n", ingest.Out, StringComparison.Ordinal);
        using (var store = RunStore.OpenReadOnly(_box.Db)!)
        {
            var kept = store.Find(full0.Id)!;
            Assert.Equal((RunStatus.Done, storeDigest, NodeB), (kept.Status, kept.ResultDigest, kept.Hardware));
            Assert.Equal(RunStatus.Done, store.Find(full1.Id)!.Status);
        }

        Assert.StartsWith("0 ingested, 1 already in the store, 1 hardware differences", _box.Run("ingest", "bundles").Out, StringComparison.Ordinal);
    }

    private static void Execute(string db, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
