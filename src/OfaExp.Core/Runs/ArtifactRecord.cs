namespace OfaExp.Core.Runs;

/// <summary>A content-addressed file belonging to a run (checkpoints, final weights).</summary>
/// <param name="Kind">e.g. "checkpoint" (with Epoch) or "model".</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes; also the file's name in the store.</param>
public sealed record ArtifactRecord(string RunId, string Kind, int? Epoch, string Sha256, long Bytes, string Path);
