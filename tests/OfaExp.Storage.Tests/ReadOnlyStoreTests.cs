using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;
using OfaExp.Storage.Schema;

namespace OfaExp.Storage.Tests;

/// <summary>
/// What the read-only commands (status, show, compare, plan, tables) may do to a store: read it, and nothing else,
/// so an archived store on a read-only share can be inspected and a damaged one is reported, not "fixed".
/// </summary>
public sealed class ReadOnlyStoreTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ManualClock _clock = new(TestRuns.Start);

    public void Dispose() => _dir.Dispose();

    private string Path => _dir.File("ofaexp.db");

    private string[] FilesInDirectory() => Directory.GetFiles(_dir.Path).Select(System.IO.Path.GetFileName).Order().ToArray()!;

    private void Record(params string[] seeds)
    {
        using var store = TestRuns.OpenStore(_dir, _clock);
        store.EnsurePlanned(seeds.Select(s => TestRuns.Planned(TestRuns.Id(s))).ToList());
    }

    [Fact]
    public void A_missing_or_empty_file_is_no_store_and_stays_as_it_was()
    {
        Assert.Null(RunStore.OpenReadOnly(Path));
        Assert.Empty(FilesInDirectory());

        File.WriteAllBytes(Path, []);
        Assert.Null(RunStore.OpenReadOnly(Path));
        Assert.Equal(0, new FileInfo(Path).Length);
        Assert.Equal(["ofaexp.db"], FilesInDirectory());
    }

    [Fact]
    public void Reading_a_closed_store_changes_no_byte_and_leaves_no_journal_files()
    {
        Record("a", "b");
        Assert.Equal(["ofaexp.db"], FilesInDirectory());
        var before = File.ReadAllBytes(Path);
        var stamp = File.GetLastWriteTimeUtc(Path);

        using (var store = RunStore.OpenReadOnly(Path)!)
        {
            Assert.Equal(2, store.All().Count);
            Assert.Equal(TestRuns.Id("a"), store.ResolvePrefix(TestRuns.Id("a")[..8]));
            Assert.Equal(["ofaexp.db"], FilesInDirectory());
        }

        Assert.Equal(before, File.ReadAllBytes(Path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path));
        Assert.Equal(["ofaexp.db"], FilesInDirectory());
    }

    [Fact]
    public void A_read_only_store_refuses_writes()
    {
        Record("a");
        using var store = RunStore.OpenReadOnly(Path)!;

        var error = Assert.Throws<SqliteException>(() => store.EnsurePlanned([TestRuns.Planned(TestRuns.Id("b"))]));

        Assert.Equal(8, error.SqliteErrorCode); // SQLITE_READONLY
        Assert.Single(store.All());
    }

    [Fact]
    public void While_a_writer_holds_the_store_a_reader_sees_its_latest_commits()
    {
        using var writer = TestRuns.OpenStore(_dir, _clock);
        writer.EnsurePlanned([TestRuns.Planned(TestRuns.Id("a"))]);
        Assert.True(File.Exists(Path + "-wal"));

        using (var reader = RunStore.OpenReadOnly(Path)!)
        {
            Assert.Single(reader.All());
            writer.EnsurePlanned([TestRuns.Planned(TestRuns.Id("b"))]);
            Assert.Equal(2, reader.All().Count);
        }
    }

    [Fact]
    public void An_older_schema_is_read_through_an_in_memory_copy_and_the_file_is_not_migrated()
    {
        var id = TestRuns.Id("run");
        using (var connection = new SqliteConnection($"Data Source={Path};Pooling=False"))
        {
            connection.Open();
            SchemaMigrator.Migrate(connection, Path, [Migrations.All[0]], _clock);
            connection.Execute(
                "INSERT INTO runs (id, experiment, phase, config_json, status, created_at) VALUES (@id, 'e', 'kernel', '{}', 'done', '2026-11-22T08:30:00.0000000Z')",
                new { id });
            connection.Execute(
                "INSERT INTO subnet_evals (run_id, architecture, resolution, exit, top1, top5, loss, flops, params) VALUES (@id, 'ks=3', 28, 0, 50, 90, 1, 2, 3)",
                new { id });
        }

        var before = File.ReadAllBytes(Path);

        using (var store = RunStore.OpenReadOnly(Path)!)
        {
            var evaluation = Assert.Single(store.Evaluations(id));
            Assert.Equal(("", 50.0, (double?)null), (evaluation.Name, evaluation.Top1, evaluation.PredictedTop1));
            Assert.Equal(RunStatus.Done, Assert.Single(store.All()).Status);
        }

        Assert.Equal(before, File.ReadAllBytes(Path));
        Assert.Equal(["ofaexp.db"], FilesInDirectory());
    }

    [Fact]
    public void A_directory_at_the_path_is_bad_input_naming_it()
    {
        Directory.CreateDirectory(Path);

        var error = Assert.Throws<OfaExpException>(() => RunStore.OpenReadOnly(Path));

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(Path, error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_damaged_page_is_bad_input_naming_the_file_and_warning_that_its_runs_retrain(bool readOnly)
    {
        Record(Enumerable.Range(0, 400).Select(i => $"run {i}").ToArray());
        DamagePage(Path, 3);
        var before = File.ReadAllBytes(Path);

        var error = Assert.Throws<OfaExpException>(() =>
        {
            using var store = readOnly ? RunStore.OpenReadOnly(Path)! : RunStore.Open(Path);
            store.All();
        });

        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        Assert.Contains(Path, error.Message);
        Assert.Contains("damaged", error.Message);
        Assert.Contains("retrain", error.Message);
        if (readOnly)
        {
            Assert.Equal(before, File.ReadAllBytes(Path));
            Assert.Equal(["ofaexp.db"], FilesInDirectory());
        }
    }

    /// <summary>Overwrites one page of the runs table's b-tree with noise, as a torn write or bad sector would.</summary>
    private static void DamagePage(string path, int page)
    {
        const int pageSize = 4096;
        var noise = new byte[pageSize];
        new Random(7).NextBytes(noise);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Seek((long)(page - 1) * pageSize, SeekOrigin.Begin);
        stream.Write(noise);
    }
}
