using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Storage.Schema;

namespace OfaExp.Storage.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new(TestRuns.Start);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Open_creates_missing_directories_and_the_whole_schema_in_wal_mode()
    {
        var path = Path.Combine(_dir.Path, "nested", "deeper", "ofaexp.db");

        using (var store = RunStore.Open(path, new RunStoreOptions { Clock = _clock }))
        {
            Assert.Equal(Path.GetFullPath(path), store.Path);
        }

        using var connection = Raw(path);
        var tables = connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").ToList();
        Assert.Equal(["artifacts", "data_fingerprints", "metrics", "runs", "schema_version", "submissions", "subnet_evals", "sweep_points"], tables);
        Assert.Equal([1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L], connection.Query<long>("SELECT version FROM schema_version ORDER BY version").ToList());
        Assert.Equal("wal", connection.ExecuteScalar<string>("PRAGMA journal_mode"));
    }

    [Fact]
    public void Reopening_runs_no_migration_twice_and_keeps_the_data()
    {
        var path = _dir.File("ofaexp.db");
        var id = TestRuns.Id("run");
        using (var store = TestRuns.OpenStore(_dir, _clock))
        {
            store.EnsurePlanned([TestRuns.Planned(id)]);
        }

        _clock.Advance(TimeSpan.FromDays(1));
        using (var store = TestRuns.OpenStore(_dir, _clock))
        {
            Assert.NotNull(store.Find(id));
        }

        using var connection = Raw(path);
        var applied = connection.Query<(long Version, string AppliedAt)>("SELECT version, applied_at FROM schema_version").ToList();
        Assert.Equal([(1L, "2026-11-22T08:30:00.0000000Z"), (2L, "2026-11-22T08:30:00.0000000Z"), (3L, "2026-11-22T08:30:00.0000000Z"), (4L, "2026-11-22T08:30:00.0000000Z"), (5L, "2026-11-22T08:30:00.0000000Z"), (6L, "2026-11-22T08:30:00.0000000Z"), (7L, "2026-11-22T08:30:00.0000000Z"), (8L, "2026-11-22T08:30:00.0000000Z")], applied);
    }

    [Fact]
    public void A_database_from_a_newer_schema_is_refused_and_left_unchanged()
    {
        var path = _dir.File("ofaexp.db");
        TestRuns.OpenStore(_dir, _clock).Dispose();
        using (var connection = Raw(path))
        {
            connection.Execute("INSERT INTO schema_version (version, description, applied_at) VALUES (9, 'future', 'x')");
        }

        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<OfaExpException>(() => TestRuns.OpenStore(_dir, _clock));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(path, error.Message);
        Assert.Contains("schema version 9", error.Message);
        Assert.Contains("newer ofaexp", error.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void Migrator_applies_only_pending_steps_and_rolls_back_a_failing_one()
    {
        var path = _dir.File("migrations.db");
        Migration first = new(1, "a", "CREATE TABLE a (x INTEGER);");
        Migration second = new(2, "b", "CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (1);");
        Migration broken = new(3, "c", "CREATE TABLE c (x INTEGER); INSERT INTO no_such_table VALUES (1);");
        using var connection = Raw(path);

        Assert.Equal(1, SchemaMigrator.Migrate(connection, path, [first], _clock));
        Assert.Equal(2, SchemaMigrator.Migrate(connection, path, [first, second], _clock));
        Assert.Throws<SqliteException>(() => SchemaMigrator.Migrate(connection, path, [first, second, broken], _clock));

        // Step 2 ran exactly once (one row in a), step 3 left nothing behind.
        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM a"));
        Assert.Equal([1L, 2L], connection.Query<long>("SELECT version FROM schema_version ORDER BY version").ToList());
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'c'"));
    }

    [Fact]
    public void A_version_1_database_keeps_its_evaluations_with_an_empty_name()
    {
        var path = _dir.File("ofaexp.db");
        var id = TestRuns.Id("run");
        using (var connection = Raw(path))
        {
            SchemaMigrator.Migrate(connection, path, [Migrations.All[0]], _clock);
            connection.Execute(
                "INSERT INTO runs (id, experiment, phase, config_json, status, created_at) VALUES (@id, 'e', 'kernel', '{}', 'done', 'x')",
                new { id });
            connection.Execute(
                "INSERT INTO subnet_evals (run_id, architecture, resolution, exit, top1, top5, loss, flops, params) VALUES (@id, 'ks=3', 28, 0, 50, 90, 1, 2, 3)",
                new { id });
        }

        using var store = TestRuns.OpenStore(_dir, _clock);

        var evaluation = Assert.Single(store.Evaluations(id));
        Assert.Equal(("", "ks=3", 50.0), (evaluation.Name, evaluation.Architecture, evaluation.Top1));
        store.AddEvaluations(id, [evaluation with { Name = "min" }]);
        Assert.Equal(["", "min"], store.Evaluations(id).Select(e => e.Name));
        Assert.All(store.Evaluations(id), e => Assert.Null(e.PredictedTop1));
        Assert.All(store.Evaluations(id), e => Assert.Null(e.TestTop1));
    }

    [Fact]
    public void A_version_6_database_gains_the_hardware_column_with_its_runs_unknown()
    {
        var path = _dir.File("ofaexp.db");
        var id = TestRuns.Id("run");
        using (var connection = Raw(path))
        {
            SchemaMigrator.Migrate(connection, path, Migrations.All.Take(6).ToList(), _clock);
            connection.Execute(
                "INSERT INTO runs (id, experiment, phase, config_json, status, host, device, tool_version, created_at, result_digest) " +
                "VALUES (@id, 'e', 'full', '{}', 'done', 'old-node', 'cpu', '0.1.0', '2026-11-22T08:30:00.0000000Z', 'digest')",
                new { id });
        }

        using (var reader = RunStore.OpenReadOnly(path)!)
        {
            Assert.Equal(Migrations.All.Count, reader.SchemaVersion);
            Assert.Null(reader.Find(id)!.Hardware);
        }

        using var store = TestRuns.OpenStore(_dir, _clock);
        var run = store.Find(id)!;
        Assert.Equal(("old-node", "digest", null), (run.Host, run.ResultDigest, run.Hardware));
    }

    [Fact]
    public void A_version_7_database_keeps_its_artifacts_and_records_exports_with_their_subnet()
    {
        var path = _dir.File("ofaexp.db");
        var id = TestRuns.Id("run");
        var sha = new string('a', 64);
        using (var connection = Raw(path))
        {
            SchemaMigrator.Migrate(connection, path, Migrations.All.Take(7).ToList(), _clock);
            connection.Execute(
                "INSERT INTO runs (id, experiment, phase, config_json, status, created_at) VALUES (@id, 'e', 'full', '{}', 'done', 'x')",
                new { id });
            connection.Execute("INSERT INTO artifacts (run_id, kind, epoch, sha256, bytes, path) VALUES (@id, 'model', NULL, @sha, 10, 'aa/x')", new { id, sha });
        }

        using var store = TestRuns.OpenStore(_dir, _clock);
        Assert.Null(Assert.Single(store.Artifacts(id)).Export);
        var export = new ArtifactExport("onnx-folded-bn", "r28-d2,2-k3,3,3,3-e3,3,3,3", 28);
        store.AddArtifact(new ArtifactRecord(id, ArtifactRecord.ExportKind, null, new string('b', 64), 20, "bb/y") { Export = export });

        var recorded = store.Artifacts(id).Single(a => a.Kind == ArtifactRecord.ExportKind);
        Assert.Equal(export, recorded.Export);
        Assert.Equal((20L, "bb/y"), (recorded.Bytes, recorded.Path));
    }

    [Fact]
    public void An_evaluation_keeps_its_test_split_scores_apart_from_validation()
    {
        using var store = TestRuns.OpenStore(_dir, _clock);
        var id = TestRuns.Id("eval");
        store.EnsurePlanned([TestRuns.Planned(id)]);
        store.AddEvaluations(id, [
            new("max", "r28", 28, 0, 81.5, 99, 0.5, 2.9e6, 1000, null) { TestTop1 = 80.25, TestTop5 = 98.5 },
            new("min", "r20", 20, 0, 70, 95, 0.9, 1e6, 500, null),
        ]);

        var evaluations = store.Evaluations(id);
        Assert.Equal((81.5, 80.25, 98.5), (evaluations[0].Top1, evaluations[0].TestTop1!.Value, evaluations[0].TestTop5!.Value));
        Assert.Null(evaluations[1].TestTop1);
        Assert.Null(evaluations[1].TestTop5);
    }

    [Fact]
    public void A_searched_subnet_keeps_its_predictions_beside_its_measurements()
    {
        using var store = TestRuns.OpenStore(_dir, _clock);
        var id = TestRuns.Id("search");
        store.EnsurePlanned([TestRuns.Planned(id)]);
        store.AddEvaluations(id, [new("3MFLOPs", "r28-d2", 28, 0, 81.5, 99, 0.5, 2.9e6, 1000, 1.25) { PredictedTop1 = 82.25, PredictedCost = 2.95 }]);

        var e = Assert.Single(store.Evaluations(id));
        Assert.Equal((81.5, 1.25, 82.25, 2.95), (e.Top1, e.LatencyMs!.Value, e.PredictedTop1!.Value, e.PredictedCost!.Value));
    }

    [Fact]
    public void Migrations_out_of_order_are_a_programming_error()
    {
        var path = _dir.File("migrations.db");
        using var connection = Raw(path);

        Assert.Throws<InvalidOperationException>(
            () => SchemaMigrator.Migrate(connection, path, [new(2, "skips 1", "SELECT 1;")], _clock));
    }

    [Fact]
    public void Data_fingerprints_are_recorded_updated_and_read_back_by_key()
    {
        var (a, b) = (TestRuns.Id("fingerprint a"), TestRuns.Id("fingerprint b"));
        using (var store = TestRuns.OpenStore(_dir, _clock))
        {
            Assert.Null(store.DataFingerprint("fashion-mnist;subset=256"));
            store.RecordDataFingerprints(new Dictionary<string, string> { ["fashion-mnist;subset=256"] = a });
            store.RecordDataFingerprints(new Dictionary<string, string> { ["fashion-mnist;subset=256"] = b, ["cifar10"] = a });
        }

        using var reader = RunStore.OpenReadOnly(_dir.File("ofaexp.db"))!;
        Assert.Equal(b, reader.DataFingerprint("fashion-mnist;subset=256"));
        Assert.Equal(a, reader.DataFingerprint("cifar10"));
    }

    [Fact]
    public void Foreign_keys_are_enforced()
    {
        using var store = TestRuns.OpenStore(_dir, _clock);
        var unknown = TestRuns.Id("never planned");

        Assert.Throws<InvalidOperationException>(() => store.AddMetrics(unknown, [new(0, -1, "loss", 1.0)]));
        Assert.Throws<InvalidOperationException>(
            () => store.EnsurePlanned([TestRuns.Planned(TestRuns.Id("child"), parentId: unknown)]));
        Assert.Throws<InvalidOperationException>(
            () => store.AddArtifact(new(unknown, "model", null, TestRuns.Id("blob"), 10, "ab/blob")));

        Assert.Empty(store.Metrics(unknown));
        Assert.Empty(store.Artifacts(unknown));
        Assert.Empty(store.All());
    }

    private static SqliteConnection Raw(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        return connection;
    }
}
