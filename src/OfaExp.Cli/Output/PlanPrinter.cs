using System.Text;
using System.Text.Json;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;

namespace OfaExp.Cli.Output;

/// <summary>Renders the run graph for `ofaexp plan`, as aligned text or as JSON.</summary>
public static class PlanPrinter
{
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
                var point = own.Count == 1 ? labels[own[0]] : $"shared by {own.Count} points";
                var parent = run.ParentId is null ? "-" : RunIdentity.Short(run.ParentId);
                var teacher = run.TeacherId is null ? "-" : RunIdentity.Short(run.TeacherId);
                var state = StatusText(StatusOf(status, run.Id));
                rows.Add(teachers
                    ? [RunIdentity.Short(run.Id), run.Phase, parent, teacher, state, point]
                    : [RunIdentity.Short(run.Id), run.Phase, parent, state, point]);
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

    public static string Json(RunPlan plan, IReadOnlyDictionary<string, RunStatus> status)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("experiments");
            foreach (var experiment in plan.Experiments)
            {
                w.WriteStartObject();
                w.WriteString("name", experiment.Name);
                w.WriteString("directory", experiment.Directory);
                w.WriteStartArray("points");
                foreach (var p in plan.Points.Where(p => p.Experiment == experiment.Name))
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", p.Index);
                    w.WriteString("label", p.Label);
                    w.WritePropertyName("values");
                    w.WriteRawValue(p.PointJson);
                    w.WriteStartArray("dropped_phases");
                    foreach (var phase in p.DroppedPhases)
                    {
                        w.WriteStringValue(phase);
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("runs");
                    foreach (var id in p.RunIds)
                    {
                        w.WriteStringValue(id);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("runs");
            foreach (var run in plan.Runs)
            {
                w.WriteStartObject();
                w.WriteString("id", run.Id);
                w.WriteString("short", RunIdentity.Short(run.Id));
                w.WriteString("experiment", run.Experiment);
                w.WriteString("phase", run.Phase);
                if (run.ParentId is null)
                {
                    w.WriteNull("parent");
                }
                else
                {
                    w.WriteString("parent", run.ParentId);
                }

                if (run.TeacherId is null)
                {
                    w.WriteNull("teacher");
                }
                else
                {
                    w.WriteString("teacher", run.TeacherId);
                    w.WriteString("teacher_short", RunIdentity.Short(run.TeacherId));
                }

                w.WriteString("status", StatusText(StatusOf(status, run.Id)));
                w.WriteStartArray("points");
                foreach (var p in run.Points)
                {
                    w.WriteStringValue(p);
                }

                w.WriteEndArray();
                w.WritePropertyName("identity");
                w.WriteRawValue(run.ConfigJson);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    public static string StatusText(RunStatus s) => s switch
    {
        RunStatus.Done => "done",
        RunStatus.Running => "running",
        RunStatus.Failed => "failed",
        _ => "pending",
    };

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
