using System.Text;
using System.Text.Json;
using OfaExp.Cli.Output;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;

namespace OfaExp.Cli.Tests;

/// <summary>The test oracle of <see cref="PlanJsonWriter"/>: the same document written from a plan held in memory.</summary>
internal static class InMemoryPlanJson
{
    /// <summary>The whole plan as one JSON string from a plan held in memory: what the streamed `plan --json` must equal.</summary>
    public static string Json(RunPlan plan, IReadOnlyDictionary<string, RunStatus> status)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("experiments");
            foreach (var experiment in plan.Experiments)
            {
                PlanJsonWriter.StartExperiment(w, experiment);
                foreach (var p in plan.Points.Where(p => p.Experiment == experiment.Name))
                {
                    PlanJsonWriter.WritePoint(w, p);
                }

                PlanJsonWriter.EndExperiment(w);
            }

            w.WriteEndArray();
            w.WriteStartArray("runs");
            foreach (var run in plan.Runs)
            {
                PlanJsonWriter.WriteRun(w, run, run.Points, status.TryGetValue(run.Id, out var s) ? s : RunStatus.Pending);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
