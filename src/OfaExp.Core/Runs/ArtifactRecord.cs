namespace OfaExp.Core.Runs;

/// <summary>A content-addressed file belonging to a run (checkpoints, final weights, exported subnets).</summary>
/// <param name="Kind">e.g. "checkpoint" (with Epoch), "model" or "export" (with <see cref="Export"/>).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes; also the file's name in the store.</param>
public sealed record ArtifactRecord(string RunId, string Kind, int? Epoch, string Sha256, long Bytes, string Path)
{
    /// <summary>The kind of an exported subnet (`ofaexp export`).</summary>
    public const string ExportKind = "export";

    /// <summary>What an export artifact holds; null for every other kind.</summary>
    public ArtifactExport? Export { get; init; }
}
