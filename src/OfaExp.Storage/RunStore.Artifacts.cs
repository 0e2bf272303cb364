using Dapper;
using Microsoft.Data.Sqlite;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>Records that run <paramref name="artifact"/>.RunId owns the stored blob; the blob must already be in the <see cref="ArtifactStore"/>.</summary>
    public void AddArtifact(ArtifactRecord artifact)
    {
        if (!Hex.IsSha256(artifact.Sha256))
        {
            throw new ArgumentException($"Artifact hash '{artifact.Sha256}' is not 64 lower-case hex characters.", nameof(artifact));
        }

        Guarded(() =>
        {
            try
            {
                _connection.Execute(
                    "INSERT INTO artifacts (run_id, kind, epoch, sha256, bytes, path, export_format, export_subnet, export_resolution) " +
                    "VALUES (@RunId, @Kind, @Epoch, @Sha256, @Bytes, @Path, @ExportFormat, @ExportSubnet, @ExportResolution)",
                    new
                    {
                        artifact.RunId,
                        artifact.Kind,
                        artifact.Epoch,
                        artifact.Sha256,
                        artifact.Bytes,
                        artifact.Path,
                        ExportFormat = artifact.Export?.Format,
                        ExportSubnet = artifact.Export?.Subnet,
                        ExportResolution = artifact.Export?.Resolution,
                    });
            }
            catch (SqliteException e) when (IsConstraintViolation(e))
            {
                throw UnknownRun(artifact.RunId, "an artifact", e);
            }
        });
    }

    /// <summary>The run's artifacts ordered by kind, epoch, then recording order.</summary>
    public IReadOnlyList<ArtifactRecord> Artifacts(string runId)
    {
        return Guarded(() =>
        {
            return _connection
                .Query<ArtifactRow>(
                    "SELECT run_id AS RunId, kind AS Kind, epoch AS Epoch, sha256 AS Sha256, bytes AS Bytes, path AS Path, " +
                    "export_format AS ExportFormat, export_subnet AS ExportSubnet, export_resolution AS ExportResolution " +
                    "FROM artifacts WHERE run_id = @runId ORDER BY kind, epoch, id",
                    new { runId })
                .Select(r => r.ToRecord())
                .ToList();
        });
    }
}
