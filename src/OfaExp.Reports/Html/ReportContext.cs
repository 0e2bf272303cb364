using OfaExp.Core.Planning;

namespace OfaExp.Reports.Html;

/// <summary>The cross references every page needs: runs by id, who shares a run, and which runs are compared.</summary>
internal sealed class ReportContext
{
    private readonly Dictionary<string, int> _order = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReportRun> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(ReportExperiment Experiment, PlannedPoint Point)>> _pointsOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _siblings = new(StringComparer.Ordinal);

    public ReportContext(ReportInput input)
    {
        Input = input;
        foreach (var run in input.Runs)
        {
            _order[run.Id] = _order.Count;
            _runs[run.Id] = run;
        }

        foreach (var experiment in input.Experiments)
        {
            foreach (var point in experiment.Points)
            {
                foreach (var id in point.RunIds.Distinct(StringComparer.Ordinal))
                {
                    if (!_pointsOf.TryGetValue(id, out var owners))
                    {
                        _pointsOf[id] = owners = [];
                    }

                    owners.Add((experiment, point));
                }
            }
        }

        Pairs = ComparedPairs(input.Runs);
        foreach (var (a, b) in Pairs)
        {
            Sibling(a).Add(b);
            Sibling(b).Add(a);
        }

        foreach (var list in _siblings.Values)
        {
            list.Sort((x, y) => _order[x].CompareTo(_order[y]));
        }
    }

    public ReportInput Input { get; }

    public IReadOnlyDictionary<string, ReportRun> Runs => _runs;

    /// <summary>Every compared pair, the earlier run of the plan first; sibling group by sibling group.</summary>
    public IReadOnlyList<(string A, string B)> Pairs { get; }

    /// <summary>True when no run of the plan has been recorded as started: nothing to report but the plan.</summary>
    public bool NothingRan => Input.Runs.All(r => r.Recorded is null || r.Recorded.Run.Status == Core.Runs.RunStatus.Pending);

    /// <summary>The sweep points (with their experiments) whose lineage contains run <paramref name="id"/>.</summary>
    public IReadOnlyList<(ReportExperiment Experiment, PlannedPoint Point)> PointsOf(string id) =>
        _pointsOf.TryGetValue(id, out var owners) ? owners : [];

    /// <summary>The experiment's runs, each once, in plan order.</summary>
    public IReadOnlyList<ReportRun> RunsOf(ReportExperiment experiment)
    {
        var ids = experiment.Points.SelectMany(p => p.RunIds).ToHashSet(StringComparer.Ordinal);
        return Input.Runs.Where(r => ids.Contains(r.Id)).ToList();
    }

    /// <summary>The runs run <paramref name="id"/> is compared with, in plan order.</summary>
    public IReadOnlyList<string> SiblingsOf(string id) => _siblings.TryGetValue(id, out var list) ? list : [];

    /// <summary>The page comparing two runs, whichever order they are given in.</summary>
    public string ComparePage(string x, string y) =>
        _order[x] < _order[y] ? SitePaths.Compare(x, y) : SitePaths.Compare(y, x);

    /// <summary>The run and its ancestors in the plan, oldest first.</summary>
    public IReadOnlyList<ReportRun> Lineage(ReportRun run)
    {
        var lineage = new List<ReportRun> { run };
        var seen = new HashSet<string>(StringComparer.Ordinal) { run.Id };

        // A plan lists every ancestor of its runs, and ids hash their parent's, so the chain ends at a first phase.
        for (var at = run; at.ParentId is { } parent && Runs.TryGetValue(parent, out var next) && seen.Add(parent); at = next)
        {
            lineage.Insert(0, next);
        }

        return lineage;
    }

    /// <summary>
    /// Siblings are the recorded runs of one experiment and phase (the same phase at other sweep points). Each is
    /// compared with the <see cref="ReportSite.CompareWindow"/> siblings before and after it in plan order: every
    /// pair in a small sweep, and pages that grow linearly, not quadratically, with a large one.
    /// </summary>
    private static List<(string, string)> ComparedPairs(IReadOnlyList<ReportRun> runs)
    {
        var pairs = new List<(string, string)>();
        var groups = runs
            .Where(r => r.Recorded is not null)
            .GroupBy(r => (r.Experiment, r.Phase))
            .Select(g => g.ToList());
        foreach (var group in groups)
        {
            for (var i = 0; i < group.Count; i++)
            {
                for (var j = i + 1; j < group.Count && j - i <= ReportSite.CompareWindow; j++)
                {
                    pairs.Add((group[i].Id, group[j].Id));
                }
            }
        }

        return pairs;
    }

    private List<string> Sibling(string id)
    {
        if (!_siblings.TryGetValue(id, out var list))
        {
            _siblings[id] = list = [];
        }

        return list;
    }
}
