using OfaExp.Core.Errors;
using OfaExp.Core.Hardware;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;
using OfaExp.Storage;

namespace OfaExp.Execution;

/// <summary>
/// `ofaexp ingest DIR`: merges the finished run bundles under DIR into the central store. Every finished bundle is
/// verified before anything is written, so one bad bundle refuses the whole ingest (exit 2, naming it). Each run is
/// copied in one transaction, ancestors first; a run the store already has done with the same result digest is left
/// alone, so ingesting twice changes nothing. A run the store has done with another digest is expected when the two
/// were trained on different hardware classes (float32 results differ by float noise): the store's is kept. On the
/// same class, or where either class is not recorded, it is a real conflict and refuses the whole ingest.
/// </summary>
public static class BundleIngest
{
    /// <param name="Ingested">Runs copied into the store.</param>
    /// <param name="Already">Runs the store had done with the same digest.</param>
    /// <param name="Unfinished">Bundles without a manifest: their task is queued, running, failed or was cancelled.</param>
    /// <param name="HardwareDifferences">Runs the store has done with another digest on another hardware class (the store's result is kept).</param>
    public sealed record Report(IReadOnlyList<string> Ingested, IReadOnlyList<string> Already, IReadOnlyList<string> Unfinished, IReadOnlyList<HardwareDifference> HardwareDifferences);

    /// <summary>A run trained both in a bundle and in the store on different hardware classes (each as recorded).</summary>
    public sealed record HardwareDifference(string RunId, string Bundle, string Store);

    /// <summary>
    /// The run bundles directly under <paramref name="bundlesDir"/>, finished or not. None is bad input: ingesting
    /// a mistyped path would otherwise "succeed" with nothing, unnoticed in a job epilogue.
    /// </summary>
    public static IReadOnlyList<RunBundle> Bundles(string bundlesDir)
    {
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
        return bundles.Count > 0
            ? bundles
            : throw new OfaExpException(
                $"no run bundle was found under {bundlesDir}: a bundle is a folder named by a full run id (64 hex digits) that a 'sweep --launcher slurm' task writes. "
                + "Give the bundle directory the sweep printed (by default artifacts/bundles); nothing was ingested.");
    }

    public static Report Ingest(string bundlesDir, RunStore store, ArtifactStore artifacts)
    {
        ArgumentNullException.ThrowIfNull(store);
        var bundles = Bundles(bundlesDir);
        var finished = bundles.Where(b => b.IsFinished).ToList();
        foreach (var bundle in finished)
        {
            bundle.Verify(store.SchemaVersion);
        }

        var differences = HardwareDifferences(finished, store);
        var ingested = new List<string>();
        var already = new List<string>();

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
                    // A hardware difference, or the check above would have refused the ingest.
                    break;
                default:
                    RunBundle.CopyRun(source, bundle.Artifacts, store, artifacts, bundle.RunId);
                    ingested.Add(bundle.RunId);
                    break;
            }
        }

        return new Report(ingested, already, bundles.Where(b => !b.IsFinished).Select(b => b.RunId).ToList(), differences);
    }

    /// <summary>
    /// The bundles whose run the store has done with another result digest, all on another hardware class than the
    /// store's run; checked before anything is written, so that a real conflict refuses the ingest whole.
    /// </summary>
    /// <exception cref="OfaExpException">Exit 2, naming the first bundle whose run conflicts with the store's.</exception>
    private static List<HardwareDifference> HardwareDifferences(IEnumerable<RunBundle> finished, RunStore store)
    {
        var differences = new List<HardwareDifference>();
        foreach (var bundle in finished)
        {
            if (store.Find(bundle.RunId) is not { Status: RunStatus.Done } stored)
            {
                continue;
            }

            RunRecord trained;
            using (var source = RunStore.OpenReadOnly(bundle.DbPath)!)
            {
                trained = source.Find(bundle.RunId)!;
            }

            if (trained.ResultDigest == stored.ResultDigest)
            {
                continue;
            }

            var match = HardwareClass.Compare(trained.Hardware, stored.Hardware);
            if (match == HardwareMatch.Different)
            {
                differences.Add(new HardwareDifference(bundle.RunId, trained.Hardware!, stored.Hardware!));
                continue;
            }

            var why = match == HardwareMatch.Same
                ? $"both were trained on {stored.Hardware}, and on one hardware class a run gives one result"
                : $"the hardware class of {Unrecorded(trained.Hardware, stored.Hardware)} is unknown, so the difference cannot be put down to other hardware";
            throw new OfaExpException(
                $"Run bundle {bundle.Directory} is refused: run {RunIdentity.Short(bundle.RunId)} ({stored.Experiment}/{stored.Phase}) is done in the store "
                + $"with result digest {RunIdentity.Short(stored.ResultDigest ?? "")} and in the bundle with {RunIdentity.Short(trained.ResultDigest ?? "")}; {why}. "
                + $"Nothing was ingested. 'ofaexp show {RunIdentity.Short(bundle.RunId)}' shows the store's run; move the bundle aside to ingest the others.",
                ExitCodes.BadInput);
        }

        return differences;
    }

    private static string Unrecorded(string? bundle, string? store)
    {
        var inBundle = HardwareClass.Compare(bundle, bundle) == HardwareMatch.Unknown;
        var inStore = HardwareClass.Compare(store, store) == HardwareMatch.Unknown;
        return inBundle && inStore ? "both runs" : inStore ? "the store's run" : "the bundle's run";
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
