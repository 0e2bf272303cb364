namespace OfaExp.Storage.Gc;

/// <summary>What gc removes: checkpoint rows of done runs, then the files that no remaining row references.</summary>
/// <param name="Checkpoints">Rows to delete, by run id, then epoch.</param>
/// <param name="Files">Files to delete: blobs no remaining row references and stale write temporaries.</param>
public sealed record GcPlan(IReadOnlyList<StoredArtifact> Checkpoints, IReadOnlyList<StoredFile> Files)
{
    public long FreedBytes => Files.Sum(f => f.Bytes);
}
