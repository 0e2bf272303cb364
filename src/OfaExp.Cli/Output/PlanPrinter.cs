using OfaExp.Execution.Planning;
using System.Text;
using System.Text.Json;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;

namespace OfaExp.Cli.Output;

/// <summary>Renders the run graph for `ofaexp plan`, as aligned text or as JSON.</summary>
public static class PlanPrinter
{
    /// <summary>Plans of at most this many points print every run; larger ones print a summary.</summary>
    public const int FullTextPoints = 2_000;

    /// <summary>Runs listed per experiment in a summary.</summary>
    public const int SummaryRows = 100;

    /// <summary>
    /// The text plan without holding a large one: up to <see cref="FullTextPoints"/> points it is exactly
    /// <see cref="Text(RunPlan, IReadOnlyDictionary{string, RunStatus})"/>; beyond, each experiment keeps its
    /// counts and dropped-phase lines but lists only the first <see cref="SummaryRows"/> runs it introduced, and
    /// says how many more there are (`plan --json` lists every one).
    /// </summary>
    /// <param name="status">The recorded status of some run ids (absent: pending).</param>
    public static string Text(StreamedPlan plan, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
    {
        if (plan.Points <= FullTextPoints)
        {
            var small = RunPlanner.Collect(plan.Experiments, plan.Steps);
            return Text(small, status(small.Runs.Select(r => r.Id).ToList()));
        }

        return Summary(plan.Experiments, plan.Steps, status);
    }

    private static string Summary(IReadOnlyList<ExperimentSource> experiments, IEnumerable<PlanStep> steps, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
    {
        var sections = experiments.Select(e => new SummarySection(e.Name)).ToList();
        int open = 0;
        foreach (var step in steps)
        {
            while (sections[open].Name != step.Point.Experiment)
            {
                sections[open++].Finish(status);
            }

            sections[open].Add(step, status);
        }

        for (; open < sections.Count; open++)
        {
            sections[open].Finish(status);
        }

        var sb = new StringBuilder();
        foreach (var section in sections)
        {
            section.Render(sb);
        }

        return sb.ToString();
    }

    /// <summary>One experiment of a summarised text plan, gathered point by point.</summary>
    private sealed class SummarySection(string name)
    {
        private readonly HashSet<RunKey> _runs = [];
        private readonly List<string> _unasked = [];
        private readonly List<(PlannedRun Run, string Label, int Owners)> _rows = [];
        private readonly Dictionary<string, int> _rowOf = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _dropped = new(StringComparer.Ordinal);
        private readonly List<string> _droppedOrder = [];
        private IReadOnlyDictionary<string, RunStatus> _rowStatus = new Dictionary<string, RunStatus>();
        private int _points;
        private int _done;
        private bool _teachers;

        public string Name { get; } = name;

        public void Add(PlanStep step, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
        {
            _points++;
            foreach (var run in step.NewRuns)
            {
                _teachers |= run.TeacherId is not null;
                if (_rows.Count < SummaryRows)
                {
                    _rowOf[run.Id] = _rows.Count;
                    _rows.Add((run, step.Point.Label, 0));
                }
            }

            foreach (var id in step.Point.RunIds)
            {
                if (_rowOf.TryGetValue(id, out var row))
                {
                    _rows[row] = _rows[row] with { Owners = _rows[row].Owners + 1 };
                }

                if (_runs.Add(RunKey.Parse(id)))
                {
                    _unasked.Add(id);
                    if (_unasked.Count == PlanJsonWriter.StatusBatch)
                    {
                        Ask(status);
                    }
                }
            }

            if (step.Point.DroppedPhases.Count > 0)
            {
                var key = string.Join(", ", step.Point.DroppedPhases);
                if (_dropped.TryGetValue(key, out var n))
                {
                    _dropped[key] = n + 1;
                }
                else
                {
                    _dropped[key] = 1;
                    _droppedOrder.Add(key);
                }
            }
        }

        public void Finish(Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
        {
            Ask(status);
            _rowStatus = status(_rows.Select(r => r.Run.Id).ToList());
        }

        private void Ask(Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
        {
            if (_unasked.Count > 0)
            {
                _done += status(_unasked).Values.Count(s => s == RunStatus.Done);
                _unasked.Clear();
            }
        }

        public void Render(StringBuilder sb)
        {
            sb.Append("experiment ").Append(Name)
              .Append(" (").Append(Count(_points, "point")).Append(", ").Append(Count(_runs.Count, "run"))
              .Append(": ").Append(_done).Append(" done, ").Append(_runs.Count - _done).Append(" to run)\n");
            if (_rows.Count > 0)
            {
                var rows = new List<string[]> { _teachers ? ["RUN", "PHASE", "PARENT", "TEACHER", "STATUS", "SWEEP POINT"] : ["RUN", "PHASE", "PARENT", "STATUS", "SWEEP POINT"] };
                foreach (var (run, label, owners) in _rows)
                {
                    rows.Add(Row(run, owners == 1 ? label : $"shared by {owners} points", _rowStatus, _teachers));
                }

                Align(sb, rows, "  ");
            }

            if (_runs.Count > _rows.Count)
            {
                sb.Append("  ... ").Append(Count(_runs.Count - _rows.Count, "more run")).Append(" not listed (ofaexp plan --json lists every run)\n");
            }

            foreach (var key in _droppedOrder)
            {
                sb.Append("  dropped from ").Append(Count(_dropped[key], "point")).Append(" (phases that do not apply to their supernet): ")
                  .Append(key).Append('\n');
            }
        }
    }

    public static string Text(RunPlan plan, IReadOnlyDictionary<string, RunStatus> status)
    {
        var sb = new StringBuilder();
        foreach (var experiment in plan.Experiments)
        {
            var points = plan.Points.Where(p => p.Experiment == experiment.Name).ToList();
            var runs = plan.RunsOf(experiment.Name).ToList();
            int done = runs.Count(r => StatusOf(status, r.Id) == RunStatus.Done);
            sb.Append("experiment ").Append(experiment.Name)
              .Append(" (").Append(Count(points.Count, "point")).Append(", ").Append(Count(runs.Count, "run"))
              .Append(": ").Append(done).Append(" done, ").Append(runs.Count - done).Append(" to run)\n");

            // The teacher column appears only where some run distills, so full-only plans stay as narrow as before.
            var teachers = runs.Any(r => r.TeacherId is not null);
            var rows = new List<string[]> { teachers ? ["RUN", "PHASE", "PARENT", "TEACHER", "STATUS", "SWEEP POINT"] : ["RUN", "PHASE", "PARENT", "STATUS", "SWEEP POINT"] };
            var labels = points.ToDictionary(p => $"{p.Experiment}#{p.Index}", p => p.Label);
            foreach (var run in runs)
            {
                var own = run.Points.Where(labels.ContainsKey).ToList();
                rows.Add(Row(run, own.Count == 1 ? labels[own[0]] : $"shared by {own.Count} points", status, teachers));
            }

            Align(sb, rows, "  ");
            foreach (var group in points.Where(p => p.DroppedPhases.Count > 0).GroupBy(p => string.Join(", ", p.DroppedPhases), StringComparer.Ordinal))
            {
                sb.Append("  dropped from ").Append(Count(group.Count(), "point")).Append(" (phases that do not apply to their supernet): ")
                  .Append(group.Key).Append('\n');
            }
        }

        return sb.ToString();
    }

    public static string StatusText(RunStatus s) => s switch
    {
        RunStatus.Done => "done",
        RunStatus.Running => "running",
        RunStatus.Failed => "failed",
        _ => "pending",
    };

    /// <summary>One run's line of the text plan: id, phase, parent, (teacher), status, the point(s) it belongs to.</summary>
    private static string[] Row(PlannedRun run, string point, IReadOnlyDictionary<string, RunStatus> status, bool teachers)
    {
        var parent = run.ParentId is null ? "-" : RunIdentity.Short(run.ParentId);
        var state = StatusText(StatusOf(status, run.Id));
        return teachers
            ? [RunIdentity.Short(run.Id), run.Phase, parent, run.TeacherId is null ? "-" : RunIdentity.Short(run.TeacherId), state, point]
            : [RunIdentity.Short(run.Id), run.Phase, parent, state, point];
    }

    private static RunStatus StatusOf(IReadOnlyDictionary<string, RunStatus> status, string id) =>
        status.TryGetValue(id, out var s) ? s : RunStatus.Pending;

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    public static void Align(StringBuilder sb, IReadOnlyList<string[]> rows, string indent)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            sb.Append(indent);
            for (int c = 0; c < row.Length; c++)
            {
                sb.Append(c == row.Length - 1 ? row[c] : row[c].PadRight(widths[c] + 2));
            }

            sb.Append('\n');
        }
    }
}
