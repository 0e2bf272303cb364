using System.Text.Json;
using OfaExp.Core.Errors;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Reports;

/// <summary>
/// What <c>ofaexp compare A B</c> reports: the config diff (identity fields such as phase, parent, dataset, device,
/// engine; then the inputs by config path), the shared ancestry, the last-epoch metric deltas, and the deltas of
/// subnet evaluations both runs recorded (<see cref="Subnets"/>: top1, top5 and loss per
/// <c>name@resolution</c>, with <c>/exit N</c> for a non-zero exit).
/// </summary>
public sealed record RunComparison(
    RunRecord A,
    RunRecord B,
    IReadOnlyList<ConfigDifference> IdentityDifferences,
    IReadOnlyList<ConfigDifference> InputDifferences,
    SharedAncestry Ancestry,
    IReadOnlyList<MetricDelta> Metrics,
    IReadOnlyList<MetricDelta> Subnets)
{
    /// <summary>Compares two runs; <paramref name="lookup"/> finds a run by full id (null when not stored).</summary>
    public static RunComparison Compare(RecordedRun a, RecordedRun b, Func<string, RunRecord?> lookup)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(lookup);

        var configA = RunConfig.Parse(a.Run);
        var configB = RunConfig.Parse(b.Run);
        return new RunComparison(
            a.Run,
            b.Run,
            Diff(configA.Identity, configB.Identity),
            Diff(configA.Inputs, configB.Inputs),
            AncestryOf(a.Run, b.Run, lookup),
            Deltas(a, b),
            SubnetDeltas(a, b));
    }

    private static IReadOnlyList<ConfigDifference> Diff(
        IReadOnlyDictionary<string, JsonElement> a, IReadOnlyDictionary<string, JsonElement> b)
    {
        var differences = new List<ConfigDifference>();
        foreach (var key in a.Keys.Union(b.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var valueA = a.TryGetValue(key, out var ea) ? JsonValueText.Compact(ea) : null;
            var valueB = b.TryGetValue(key, out var eb) ? JsonValueText.Compact(eb) : null;
            if (string.Equals(valueA, valueB, StringComparison.Ordinal))
            {
                continue;
            }

            var kind = valueA is null ? ConfigDifferenceKind.Added
                : valueB is null ? ConfigDifferenceKind.Removed
                : ConfigDifferenceKind.Changed;
            differences.Add(new ConfigDifference(key, kind, valueA, valueB));
        }

        return differences;
    }

    private static SharedAncestry AncestryOf(RunRecord a, RunRecord b, Func<string, RunRecord?> lookup)
    {
        var lineageA = Lineage(a, lookup);
        var lineageB = Lineage(b, lookup);
        var idsB = lineageB.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        var common = lineageA.Select(e => e.Id).FirstOrDefault(idsB.Contains);
        return new SharedAncestry(common, lineageA, lineageB);
    }

    private static IReadOnlyList<LineageEntry> Lineage(RunRecord run, Func<string, RunRecord?> lookup)
    {
        var lineage = new List<LineageEntry> { new(run.Id, run.Phase) };
        var seen = new HashSet<string>(StringComparer.Ordinal) { run.Id };
        for (var parentId = run.ParentId; parentId is not null;)
        {
            // Ids hash their parent's id, so a cycle cannot come from real runs; it means the store is damaged.
            if (!seen.Add(parentId))
            {
                throw new OfaExpException(
                    $"Run {RunIdentity.Short(run.Id)}: its parent chain loops back to {RunIdentity.Short(parentId)}; "
                    + "the run store may be damaged.",
                    ExitCodes.Internal);
            }

            var parent = lookup(parentId);
            lineage.Add(new LineageEntry(parentId, parent?.Phase));
            parentId = parent?.ParentId;
        }

        return lineage;
    }

    private static IReadOnlyList<MetricDelta> Deltas(RecordedRun a, RecordedRun b) =>
        MetricSeries.EpochNames(a)
            .Union(MetricSeries.EpochNames(b), StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => new MetricDelta(name, Last(a, name), Last(b, name)))
            .ToList();

    private static IReadOnlyList<MetricDelta> SubnetDeltas(RecordedRun a, RecordedRun b)
    {
        var byKeyA = ByKey(a);
        var byKeyB = ByKey(b);
        var deltas = new List<MetricDelta>();
        foreach (var key in byKeyA.Keys.Union(byKeyB.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var ea = byKeyA.GetValueOrDefault(key);
            var eb = byKeyB.GetValueOrDefault(key);
            deltas.Add(new MetricDelta($"{key} top1", ea?.Top1, eb?.Top1));
            deltas.Add(new MetricDelta($"{key} top5", ea?.Top5, eb?.Top5));
            deltas.Add(new MetricDelta($"{key} loss", ea?.Loss, eb?.Loss));
        }

        return deltas;
    }

    // Subnets match by name, not architecture: "max" after two phases is the same role in a different network.
    // A run that recorded one key twice (different architectures under one name) is compared by the first.
    private static Dictionary<string, SubnetEvaluation> ByKey(RecordedRun run)
    {
        var result = new Dictionary<string, SubnetEvaluation>(StringComparer.Ordinal);
        foreach (var e in run.Evaluations)
        {
            result.TryAdd(SubnetKey(e), e);
        }

        return result;
    }

    private static string SubnetKey(SubnetEvaluation e) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.Name}@{e.Resolution}{(e.Exit == 0 ? "" : $"/exit {e.Exit}")}");

    private static double? Last(RecordedRun run, string name) =>
        MetricSeries.Epochs(run, name) is { Count: > 0 } series ? series[^1] : null;
}
