using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Execution;

/// <summary>
/// `ofaexp ingest DIR`: merges the finished run bundles under DIR into the central store. Every finished bundle is
/// verified before anything is written, so one bad bundle refuses the whole ingest (exit 2, naming it). Each run is
/// copied in one transaction, ancestors first; a run the store already has done with the same result digest is left
/// alone, so ingesting twice changes nothing.
/// </summary>
public static class BundleIngest
{
    /// <param name="Ingested">Runs copied into the store.</param>
    /// <param name="Already">Runs the store had done with the same digest.</param>
    /// <param name="Unfinished">Bundles without a manifest: their task is queued, running, failed or was cancelled.</param>
    /// <param name="Conflicts">Runs the store has done with another digest (kept; the bundle's result is not taken).</param>
    public sealed record Report(IReadOnlyList<string> Ingested, IReadOnlyList<string> Already, IReadOnlyList<string> Unfinished, IReadOnlyList<string> Conflicts);

    public static Report Ingest(string bundlesDir, RunStore store, ArtifactStore artifacts)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!Directory.Exists(bundlesDir))
        {
            throw new OfaExpException($"{bundlesDir} is not a directory. Give the bundle directory a Slurm sweep wrote (it prints it; by default artifacts/bundles).");
        }

        var bundles = Directory.EnumerateDirectories(bundlesDir)
            .Select(d => Path.GetFileName(d))
            .Where(IsRunId)
            .Order(StringComparer.Ordinal)
            .Select(id => RunBundle.Of(bundlesDir, id))
            .ToList();
        var finished = bundles.Where(b => b.IsFinished).ToList();
        foreach (var bundle in finished)
        {
            bundle.Verify(store.SchemaVersion);
        }

        var ingested = new List<string>();
        var already = new List<string>();
        var conflicts = new List<string>();

        // Parents before children, so each run is ingested from its own bundle; the copies of ancestors in a child's
        // bundle fill in only what no bundle here holds (the store's parent column must reference a stored run).
        var chains = finished.ToDictionary(b => b.RunId, Chain, StringComparer.Ordinal);
        foreach (var bundle in finished.OrderBy(b => chains[b.RunId].Count).ThenBy(b => b.RunId, StringComparer.Ordinal))
        {
            using var source = RunStore.OpenReadOnly(bundle.DbPath)!;
            var digest = source.Find(bundle.RunId)!.ResultDigest;
            var chain = chains[bundle.RunId];

            foreach (var ancestor in chain.Where(a => store.Find(a) is null))
            {
                RunBundle.CopyRun(source, bundle.Artifacts, store, artifacts, ancestor);
            }

            switch (store.Find(bundle.RunId))
            {
                case { Status: RunStatus.Done } done when done.ResultDigest == digest:
                    already.Add(bundle.RunId);
                    break;
                case { Status: RunStatus.Done }:
                    conflicts.Add(bundle.RunId);
                    break;
                default:
                    RunBundle.CopyRun(source, bundle.Artifacts, store, artifacts, bundle.RunId);
                    ingested.Add(bundle.RunId);
                    break;
            }
        }

        return new Report(ingested, already, bundles.Where(b => !b.IsFinished).Select(b => b.RunId).ToList(), conflicts);
    }

    /// <summary>The ancestors of a bundle's run as its store records them, root first.</summary>
    private static List<string> Chain(RunBundle bundle)
    {
        using var source = RunStore.OpenReadOnly(bundle.DbPath)!;
        var chain = new List<string>();
        for (var at = source.Find(bundle.RunId)!.ParentId; at is not null; at = source.Find(at)?.ParentId)
        {
            chain.Insert(0, at);
        }

        return chain;
    }

    /// <summary>Bundle directories are named by full run id; anything else under DIR (the sbatch scripts, logs) is not a bundle.</summary>
    private static bool IsRunId(string? name) => name is { Length: 64 } && name.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
