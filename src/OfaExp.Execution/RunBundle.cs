using System.Text.Json;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Storage;

namespace OfaExp.Execution;

/// <summary>
/// One run's record on a shared file system, for cluster tasks that must not share the central SQLite file (SQLite's
/// locking is not safe over NFS): its own store file (rollback journal, no shared memory) holding the run and copies
/// of the finished ancestors it needs, its artifact blobs, and, once the run is done, <c>bundle.json</c> with its
/// result digest. Exactly one task writes a bundle; later waves and `ofaexp ingest` only read it, after it finished.
/// </summary>
public sealed record RunBundle(string Directory, string RunId)
{
    /// <summary>The manifest's format; a bundle of another format is refused rather than guessed at.</summary>
    public const int Format = 1;

    public string DbPath => Path.Combine(Directory, "bundle.db");

    public string StoreDir => Path.Combine(Directory, "store");

    public string ManifestPath => Path.Combine(Directory, "bundle.json");

    /// <summary>The bundle of <paramref name="runId"/> under <paramref name="bundlesDir"/> (one directory per run id).</summary>
    public static RunBundle Of(string bundlesDir, string runId) => new(Path.Combine(Path.GetFullPath(bundlesDir), runId), runId);

    /// <summary>Whether the run finished and its manifest was written (the last thing a task does).</summary>
    public bool IsFinished => File.Exists(ManifestPath);

    /// <summary>Opens (creating) the bundle's store for the task that trains the run.</summary>
    public RunStore OpenStore() => RunStore.Open(DbPath, new RunStoreOptions { WriteAheadLog = false });

    public ArtifactStore Artifacts => new(StoreDir);

    /// <summary>
    /// Copies done run <paramref name="runId"/> with its blobs from one store to another: a needed ancestor into a
    /// task's bundle, or a finished bundle's run into the central store. Blobs first, so a row never names a blob
    /// that is not there; each blob is hash-verified as it is read.
    /// </summary>
    public static void CopyRun(RunStore from, ArtifactStore fromArtifacts, RunStore to, ArtifactStore toArtifacts, string runId)
    {
        foreach (var artifact in from.Artifacts(runId))
        {
            toArtifacts.Import(fromArtifacts, artifact.Sha256);
        }

        to.CopyDoneRunFrom(from.Path, runId);
    }

    /// <summary>Marks the bundle finished: the manifest, written beside and renamed into place so that it is whole or absent.</summary>
    public void WriteManifest(string resultDigest)
    {
        var json = JsonSerializer.Serialize(new Manifest(Format, RunId, resultDigest));
        var temporary = ManifestPath + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, ManifestPath, overwrite: true);
    }

    /// <summary>
    /// Checks a finished bundle before anything is taken from it: the manifest parses and names this run; the store
    /// is an OfaExp store of this schema (not damaged, not newer); the run is done; its result digest recomputed from
    /// its metrics and model equals the recorded one and the manifest's; every blob it references is there and whole.
    /// </summary>
    /// <exception cref="OfaExpException">Exit 2, naming the bundle and what is wrong.</exception>
    public void Verify(int schemaVersion)
    {
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(ManifestPath));
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw Refused($"its manifest {ManifestPath} cannot be read ({e.Message})");
        }

        if (manifest is null || manifest.Format != Format || manifest.Run != RunId)
        {
            throw Refused($"its manifest {ManifestPath} is not a format-{Format} manifest of run {RunId}");
        }

        int version;
        RunStore? opened;
        try
        {
            version = RunStore.SchemaVersionOf(DbPath);
            opened = version == schemaVersion ? RunStore.OpenReadOnly(DbPath) : null;
        }
        catch (OfaExpException e)
        {
            throw Refused(e.Message.TrimEnd('.'));
        }

        if (version != schemaVersion)
        {
            throw Refused($"its store {DbPath} has schema version {version} and this ofaexp writes {schemaVersion}; ingest it with the ofaexp that trained it, or train the run again");
        }

        using var store = opened ?? throw Refused($"its store {DbPath} is empty");
        var run = store.Find(RunId);
        if (run is not { Status: RunStatus.Done })
        {
            throw Refused($"run {RunIdentity.Short(RunId)} is {run?.Status.ToString().ToLowerInvariant() ?? "missing"} in {DbPath}, not done");
        }

        var artifacts = Artifacts;
        foreach (var artifact in store.Artifacts(RunId))
        {
            try
            {
                artifacts.ReadVerified(artifact.Sha256);
            }
            catch (OfaExpException e)
            {
                throw Refused(e.Message);
            }
        }

        var model = store.Artifacts(RunId).LastOrDefault(a => a.Kind == "model") ?? throw Refused("it has no model artifact");
        var digest = ResultDigest.Compute(store.Metrics(RunId).Where(m => !MeasurementMetrics.IsMeasurement(m.Name)), model.Sha256);
        if (digest != run.ResultDigest || digest != manifest.ResultDigest)
        {
            throw Refused($"its result digest does not verify (recorded {run.ResultDigest}, manifest {manifest.ResultDigest}, recomputed from its metrics and model {digest}): its files were changed after the run finished");
        }
    }

    private OfaExpException Refused(string why) =>
        new($"Run bundle {Directory} is refused: {why}. Nothing was ingested. Move the bundle aside (the run then trains again on the next sweep) or restore it.", ExitCodes.BadInput);

    private sealed record Manifest(int Format, string Run, string ResultDigest);
}
