using OfaExp.Storage;

namespace OfaExp.Cli.Tests;

/// <summary>
/// Stores that are damaged, misnamed or archived read-only: the commands that only read must report the first two
/// as bad input naming the file, and must never write to any of them.
/// </summary>
public sealed class StoreFaultTests
{
    private static readonly string[][] ReadOnlyCommands =
    [
        ["status"],
        ["plan", "experiments/e"],
        ["tables", "experiments/e"],
        ["figures", "experiments/e"],
        ["report", "experiments/e"],
        ["show", BadInputTests.Record(Id(0)).Id[..10]],
        ["compare", Id(0)[..10], Id(1)[..10]],
    ];

    private static string Id(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([(byte)i, 42]));

    private static Sandbox StoreWithRuns(int count)
    {
        var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny + "figures:\n  curve:\n    kind: lines\n    y: val_top1\n");
        using var store = RunStore.Open(box.Db);
        store.EnsurePlanned(Enumerable.Range(0, count).Select(i => BadInputTests.Record(Id(i))).ToList());
        return box;
    }

    private static string[] StoreDirectoryFiles(Sandbox box) =>
        Directory.GetFiles(Path.GetDirectoryName(box.Db)!).Select(Path.GetFileName).Order().ToArray()!;

    [Fact]
    public void Read_only_commands_change_no_byte_of_the_store_and_leave_no_journal_files()
    {
        using var box = StoreWithRuns(2);
        var before = File.ReadAllBytes(box.Db);

        foreach (var args in ReadOnlyCommands)
        {
            var (exit, _, err) = box.Run([.. args, "--db", box.Db]);
            Assert.True(exit == 0, $"{string.Join(' ', args)}: exit {exit}: {err}");
            Assert.Equal(before, File.ReadAllBytes(box.Db));
            Assert.Equal(["ofaexp.db"], StoreDirectoryFiles(box));
        }
    }

    [Fact]
    public void An_empty_store_file_is_read_as_empty_and_not_given_a_schema()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny);
        box.Write("artifacts/ofaexp.db", "");

        foreach (var args in new[] { new[] { "status" }, ["plan", "experiments/e"] })
        {
            Assert.Equal(0, box.Run(args).Exit);
            Assert.Equal(0, new FileInfo(box.Db).Length);
        }

        Assert.Equal(["ofaexp.db"], StoreDirectoryFiles(box));
    }

    [Fact]
    public void A_damaged_page_is_bad_input_naming_the_file_and_the_file_is_left_alone()
    {
        using var box = StoreWithRuns(400);
        using (var stream = new FileStream(box.Db, FileMode.Open, FileAccess.Write))
        {
            var noise = new byte[4096];
            new Random(7).NextBytes(noise);
            stream.Seek(2 * 4096, SeekOrigin.Begin);
            stream.Write(noise);
        }

        var before = File.ReadAllBytes(box.Db);
        var (exit, _, err) = box.Run("status");

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", err, StringComparison.Ordinal);
        Assert.Contains(box.Db, err, StringComparison.Ordinal);
        Assert.Contains("retrain", err, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", err, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(box.Db));
        Assert.Equal(["ofaexp.db"], StoreDirectoryFiles(box));
    }

    [Fact]
    public void A_directory_given_as_the_store_is_bad_input_for_every_command()
    {
        using var box = new Sandbox();
        box.Write("experiments/e/experiment.yaml", Sandbox.Tiny);
        var directory = Path.Combine(box.Root, "results");
        Directory.CreateDirectory(directory);

        foreach (var args in ReadOnlyCommands.Append(["sweep", "experiments/e"]))
        {
            var (exit, _, err) = box.Run([.. args, "--db", directory]);
            Assert.True(exit == 2, $"{string.Join(' ', args)}: exit {exit}: {err}");
            Assert.Contains(directory, err, StringComparison.Ordinal);
            Assert.Contains("is a directory", err, StringComparison.Ordinal);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }
}
