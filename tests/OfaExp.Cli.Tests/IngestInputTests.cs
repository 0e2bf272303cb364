namespace OfaExp.Cli.Tests;

/// <summary>`ingest` of a directory without bundles is a mistake to report (a mistyped path in a job epilogue), not 0 runs.</summary>
public sealed class IngestInputTests
{
    [Fact]
    public void A_directory_that_holds_no_run_bundle_is_bad_input_and_creates_no_store()
    {
        using var box = new Sandbox();
        Directory.CreateDirectory(Path.Combine(box.Root, "bundles", "not-a-run-id"));
        box.Write("bundles/notes.txt", "hello\n");
        var (exit, stdout, err) = box.Run("ingest", "bundles");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: no run bundle was found under {Path.Combine(box.Root, "bundles")}", err, StringComparison.Ordinal);
        Assert.False(File.Exists(box.Db), "a refused ingest must not create the store");
    }
}
