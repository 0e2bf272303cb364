using OfaExp.Storage;

namespace OfaExp.Execution;

/// <summary>Where a command reads and writes: everything lives under the artifacts directory unless --db moves the store.</summary>
public sealed record Workspace(string ArtifactsDir, string DbPath)
{
    public string StoreDir => Path.Combine(ArtifactsDir, "store");

    public string TablesDir => Path.Combine(ArtifactsDir, "tables");

    public string FiguresDir => Path.Combine(ArtifactsDir, "figures");

    public string ReportDir => Path.Combine(ArtifactsDir, "report");

    public static Workspace From(string? artifacts, string? db)
    {
        var dir = Path.GetFullPath(artifacts ?? "artifacts");
        return new Workspace(dir, Path.GetFullPath(db ?? Path.Combine(dir, "ofaexp.db")));
    }

    /// <summary>Opens the store, creating it: only commands that record runs call this.</summary>
    public RunStore OpenStore() => RunStore.Open(DbPath);

    /// <summary>
    /// Opens an existing store read-only, or returns null when nothing was recorded yet; never creates or changes a
    /// file, so inspecting an archived store on a read-only share works.
    /// </summary>
    public RunStore? OpenExistingStore() => RunStore.OpenReadOnly(DbPath);
}
