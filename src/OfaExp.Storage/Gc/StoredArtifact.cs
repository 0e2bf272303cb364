using OfaExp.Core.Runs;

namespace OfaExp.Storage.Gc;

/// <summary>One row of the artifacts table with its row id, so that gc deletes exactly the rows it chose.</summary>
public sealed record StoredArtifact(long RowId, ArtifactRecord Artifact);
