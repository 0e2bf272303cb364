using OfaExp.Storage;

namespace OfaExp.Cli;

/// <summary>Where a command reads and writes: everything lives under the artifacts directory unless --db moves the store.</summary>
public sealed record Workspace(string ArtifactsDir, string DbPath)
{
    public string StoreDir => Path.Combine(ArtifactsDir, "store");

    public string TablesDir => Path.Combine(ArtifactsDir, "tables");

    public static Workspace From(string? artifacts, string? db)
    {
        var dir = Path.GetFullPath(artifacts ?? "artifacts");
        return new Workspace(dir, Path.GetFullPath(db ?? Path.Combine(dir, "ofaexp.db")));
    }

    public bool HasStore => File.Exists(DbPath);

    /// <summary>Opens the store, creating it: only commands that record runs call this.</summary>
    public RunStore OpenStore() => RunStore.Open(DbPath);

    /// <summary>Opens an existing store for reading, or returns null when nothing was recorded yet, without creating a file.</summary>
    public RunStore? OpenExistingStore() => HasStore ? RunStore.Open(DbPath) : null;
}
