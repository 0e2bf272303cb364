namespace OfaExp.Storage;

/// <summary>A file under the artifact root that the store named: a blob, or the temporary file of a write.</summary>
/// <param name="RelativePath">'/'-separated, relative to <see cref="ArtifactStore.Root"/>.</param>
/// <param name="Sha256">The blob's name and hash; null for a temporary file, which no row can reference.</param>
public sealed record StoredFile(string RelativePath, string? Sha256, long Bytes, DateTimeOffset LastWriteUtc)
{
    public bool IsTemporary => Sha256 is null;
}
