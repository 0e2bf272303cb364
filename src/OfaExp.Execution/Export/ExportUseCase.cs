using System.Globalization;
using OfaExp.Core.Errors;
using OfaExp.Core.Export;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;
using OfaExp.Core.Search;
using OfaExp.Core.Spec;
using OfaExp.Core.Subnets;
using OfaExp.Execution.Planning;
using OfaExp.Storage;

namespace OfaExp.Execution.Export;

/// <summary>
/// `ofaexp export`: finds the done supernet run (directly, or as the supernet below the search run that found the
/// subnet for a target), checks the subnet and resolution against the supernet's space, has the exporter write the
/// static subnet, stores the bytes in the artifact store, writes them to the output path (atomically) and records
/// them as an 'export' artifact of the supernet run, whose weights they are. Every bad input is refused before
/// anything is written.
/// </summary>
public static class ExportUseCase
{
    public static ExportReport Export(ExportRequest request, Workspace workspace, ISubnetExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(exporter);
        if ((request.Subnet is null) == (request.Target is null))
        {
            throw new OfaExpException("Give exactly one of --subnet ARCH (an architecture of the supernet) and --target T (the subnet a search found for T).");
        }

        var outPath = ExportOutput.Check(request.OutPath);
        if (!File.Exists(workspace.DbPath))
        {
            throw new OfaExpException($"No run store at {workspace.DbPath}: nothing was trained there. Sweep the experiment first, or pass --artifacts/--db.");
        }

        using var store = workspace.OpenStore();
        var id = store.ResolvePrefix(request.RunPrefix);
        var record = store.Find(id)!;
        if (record.Status != RunStatus.Done)
        {
            throw new OfaExpException(
                $"Run {RunIdentity.Short(id)} ({record.Experiment}/{record.Phase}) is {record.Status.ToString().ToLowerInvariant()}, not done; train it first ('ofaexp run {RunIdentity.Short(id)}').");
        }

        var plan = Plan(request.Experiments, store);
        var byId = plan.Runs.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var (supernet, subnet) = request.Target is { } target
            ? Searched(plan, byId, store, id, target, request.Experiments)
            : (RequireSupernet(Planned(byId, record, request.Experiments)), ParseSubnet(request.Subnet!));
        var spec = supernet.Spec;
        var resolution = request.Resolution ?? subnet.Resolution;
        if (!spec.Supernet.Resolutions.Contains(resolution))
        {
            // Refused rather than warned about: BN statistics and accuracy are only meaningful at trained resolutions.
            throw new OfaExpException(
                $"Resolution {resolution.ToString(CultureInfo.InvariantCulture)} was not trained: {supernet.Experiment}'s supernet trains at "
                + $"{string.Join(", ", spec.Supernet.Resolutions)}. Give one of them with --resolution.");
        }

        subnet = subnet.WithResolution(resolution);
        if (!new SubnetSpace(spec.Supernet).Contains(subnet))
        {
            throw new OfaExpException(
                $"Subnet {subnet} is not in the space of {supernet.Experiment}'s {spec.Supernet.Variant} supernet (kernels {List(spec.Supernet.KernelSizes)}, "
                + $"expand ratios {List(spec.Supernet.ExpandRatios)}, depths {List(spec.Supernet.Depths)}, {spec.Supernet.Stages} stages of {spec.Supernet.MaxDepth} blocks"
                + (spec.Supernet.HasEarlyExits ? ", exits 1.." + spec.Supernet.Stages.ToString(CultureInfo.InvariantCulture) : "")
                + (spec.Supernet.HasParallelBlocks ? ", branch masks 1..7" : "") + ").");
        }

        var model = store.Artifacts(supernet.Id).LastOrDefault(a => a.Kind == "model")
            ?? throw new OfaExpException($"Run {RunIdentity.Short(supernet.Id)} has no model artifact; it cannot be exported.");
        var artifacts = new ArtifactStore(workspace.StoreDir);
        var settings = new ExportSettings(subnet, request.Format, request.FoldBn);
        var bytes = exporter.Export(spec, artifacts.ReadVerified(model.Sha256), settings);
        ExportOutput.Write(outPath, bytes);
        var sha256 = artifacts.Put(bytes);
        var export = new ArtifactExport(settings.RecordedFormat, subnet.ToString(), resolution);
        var recorded = store.Artifacts(supernet.Id).Any(a => a.Kind == ArtifactRecord.ExportKind && a.Sha256 == sha256 && a.Export == export);
        if (!recorded)
        {
            store.AddArtifact(new ArtifactRecord(supernet.Id, ArtifactRecord.ExportKind, null, sha256, bytes.LongLength, ArtifactStore.RelativePathOf(sha256)) { Export = export });
        }

        return new ExportReport(supernet.Id, supernet.Experiment, supernet.Phase, subnet.ToString(), resolution, export.Format, sha256, bytes.LongLength, outPath, recorded);
    }

    /// <summary>
    /// The plan of the experiments, the recorded runs' ids rebuilt without their data where the store remembers its
    /// fingerprint; experiments whose data is neither installed nor recorded get ids no run has, so they never match.
    /// </summary>
    private static RunPlan Plan(string experiments, RunStore store)
    {
        var source = new FingerprintSource(store) { TolerateMissing = true };
        return PlanBuilder.Build(experiments, [], source.Fingerprint, torchBackend: Core.Spec.DeviceKind.Cuda);
    }

    /// <summary>The planned run of a recorded one: its settings (the supernet, the data) come from the experiment files.</summary>
    private static PlannedRun Planned(IReadOnlyDictionary<string, PlannedRun> byId, RunRecord record, string experiments) =>
        byId.TryGetValue(record.Id, out var run)
            ? run
            : throw new OfaExpException(
                $"Run {RunIdentity.Short(record.Id)} ({record.Experiment}/{record.Phase}) is recorded but not planned by the experiments in {experiments} "
                + "(their files changed since, or --experiments points elsewhere); its supernet settings come from there.");

    private static PlannedRun RequireSupernet(PlannedRun run) => run.Role == PhaseRole.Train
        ? run
        : throw new OfaExpException(
            $"Run {RunIdentity.Short(run.Id)} ({run.Experiment}/{run.Phase}) is not a supernet run (its phase kind is {Core.Spec.PhaseKindNames.Spelling.Name(run.Spec.Phases[run.Phase].Kind)}): --subnet needs "
            + "a run of a training phase (full, kernel, depth, expand, ... or import). To export what a search found, give the search run with --target.");

    private static SubnetConfig ParseSubnet(string text)
    {
        try
        {
            return SubnetConfig.Parse(text);
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new OfaExpException($"--subnet '{text}' is not an architecture string: {e.Message}", ExitCodes.BadInput, e);
        }
    }

    /// <summary>The subnet a done search run found for <paramref name="targetText"/>, and the supernet run below that search.</summary>
    /// <param name="id">
    /// The search run (planned, or a one-off 'ofaexp search' query, which is recorded only), or a run of its lineage:
    /// then its done planned search runs are looked at, in plan order.
    /// </param>
    private static (PlannedRun Supernet, SubnetConfig Subnet) Searched(
        RunPlan plan, IReadOnlyDictionary<string, PlannedRun> byId, RunStore store, string id, string targetText, string experiments)
    {
        EfficiencyTarget target;
        try
        {
            target = EfficiencyTarget.Parse(targetText);
        }
        catch (FormatException e)
        {
            throw new OfaExpException($"--target '{targetText}': {e.Message}", ExitCodes.BadInput, e);
        }

        IEnumerable<PlannedRun> Lineage(PlannedRun r)
        {
            for (var at = r; at is not null; at = at.ParentId is { } p ? byId[p] : null)
            {
                yield return at;
            }
        }

        // A one-off query's parent is a planned run of the experiment it reused.
        var record = store.Find(id)!;
        var anchor = record;
        while (!byId.ContainsKey(anchor.Id) && anchor.ParentId is { } parent && store.Find(parent) is { } above)
        {
            anchor = above;
        }

        var planned = Planned(byId, anchor, experiments);
        var searches = anchor.Id != record.Id || planned.Role == PhaseRole.Search
            ? [record.Id]
            : plan.Runs.Where(r => r.Role == PhaseRole.Search && Lineage(r).Any(a => a.Id == id) && store.Find(r.Id)?.Status == RunStatus.Done).Select(r => r.Id).ToList();
        foreach (var search in searches)
        {
            if (store.Evaluations(search).FirstOrDefault(e => e.Name == target.ToString()) is { } found)
            {
                var supernet = Lineage(byId.GetValueOrDefault(search) ?? planned).FirstOrDefault(r => r.Role == PhaseRole.Train)
                    ?? throw new OfaExpException($"Search run {RunIdentity.Short(search)} has no training phase before it.");
                RequireDone(store, supernet);
                return (supernet, SubnetConfig.Parse(found.Architecture));
            }
        }

        var searched = searches.SelectMany(store.Evaluations).Where(e => e.PredictedTop1 is not null).Select(e => e.Name).Distinct().ToList();
        throw new OfaExpException(
            $"No done search run of {RunIdentity.Short(id)} ({record.Experiment}/{record.Phase}) found a subnet for --target {target}"
            + (searched.Count > 0 ? $"; searched targets: {string.Join(", ", searched)}" : "; it has no done search run")
            + $". Search it first ('ofaexp search {RunIdentity.Short(id)} --target {target}') and export from the run that prints.");
    }

    private static void RequireDone(RunStore store, PlannedRun run)
    {
        if (store.Find(run.Id)?.Status != RunStatus.Done)
        {
            throw new OfaExpException($"Run {RunIdentity.Short(run.Id)} ({run.Experiment}/{run.Phase}) is not done; train it first ('ofaexp run {RunIdentity.Short(run.Id)}').");
        }
    }

    private static string List(IEnumerable<int> values) => "[" + string.Join(", ", values) + "]";
}
