using OfaExp.Execution.Planning;
using System.Text.Json;
using OfaExp.Core.Hashing;
using OfaExp.Core.Planning;
using OfaExp.Core.Runs;

namespace OfaExp.Cli.Output;

/// <summary>
/// Writes `ofaexp plan --json` to a stream as planning goes: experiments[].points[] are written as the points are planned; runs[] needs
/// every point that shares each run, known only once the last point is planned, so it is written by planning
/// again (planning is pure and deterministic) with only those sharers held from the first pass.
/// </summary>
public static class PlanJsonWriter
{
    /// <summary>Bytes the writer buffers before handing them on, so output flows without a write per value.</summary>
    private const int FlushBytes = 16 * 1024;

    /// <summary>
    /// Points planned before the first byte goes out. Bad input found while planning (a data set not installed, a
    /// point's impossible settings) fails the command with exit 2; within this many points it does so with nothing
    /// on stdout, as before plans streamed, and only a sweep larger than this can leave a truncated document.
    /// </summary>
    public const int HeldPoints = 2_000;

    /// <summary>Runs whose status is asked from the store in one query.</summary>
    public const int StatusBatch = 512;

    /// <param name="status">The recorded status of some run ids (absent: pending); called with at most <see cref="StatusBatch"/> ids.</param>
    public static void Write(Stream stdout, StreamedPlan plan, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
    {
        var output = new HoldingStream(stdout);
        int planned = 0;
        var ordinals = new Dictionary<RunKey, int>();

        // Points beyond the first that reach a run, by the run's ordinal; (experiment, index) pairs, not labels,
        // because a sweep that shares one run among all its points holds a pair per point.
        var sharers = new Dictionary<int, List<(int Experiment, int Index)>>();
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("experiments");
        int open = -1;
        foreach (var step in plan.Steps)
        {
            var point = step.Point;

            // Steps come experiment by experiment, in the plan's order.
            while (open < 0 || plan.Experiments[open].Name != point.Experiment)
            {
                if (open >= 0)
                {
                    EndExperiment(w);
                }

                StartExperiment(w, plan.Experiments[++open]);
            }

            int fresh = 0;
            foreach (var id in point.RunIds)
            {
                var key = RunKey.Parse(id);
                if (fresh < step.NewRuns.Count && step.NewRuns[fresh].Id == id)
                {
                    ordinals.Add(key, ordinals.Count);
                    fresh++;
                }
                else
                {
                    int at = ordinals[key];
                    if (!sharers.TryGetValue(at, out var list))
                    {
                        sharers[at] = list = [];
                    }

                    list.Add((open, point.Index));
                }
            }

            WritePoint(w, point);
            if (++planned == HeldPoints)
            {
                w.Flush();
                output.Release();
            }

            FlushIfFull(w);
        }

        while (open < plan.Experiments.Count - 1)
        {
            if (open >= 0)
            {
                EndExperiment(w);
            }

            StartExperiment(w, plan.Experiments[++open]);
        }

        if (open >= 0)
        {
            EndExperiment(w);
        }

        w.WriteEndArray();
        w.WriteStartArray("runs");
        int ordinal = 0;
        var batch = new List<PlannedRun>(StatusBatch);
        foreach (var step in plan.Steps)
        {
            foreach (var run in step.NewRuns)
            {
                if (!ordinals.TryGetValue(RunKey.Parse(run.Id), out var first) || first != ordinal++)
                {
                    throw new InvalidOperationException($"Planning again reached run {run.Id} out of its first order: planning is not deterministic.");
                }

                batch.Add(run);
                if (batch.Count == StatusBatch)
                {
                    WriteRuns(w, batch, ordinal - batch.Count, sharers, plan.Experiments, status);
                }
            }
        }

        WriteRuns(w, batch, ordinal - batch.Count, sharers, plan.Experiments, status);
        if (ordinal != ordinals.Count)
        {
            throw new InvalidOperationException($"Planning again reached {ordinal} runs, not {ordinals.Count}: planning is not deterministic.");
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        output.WriteByte((byte)'\n');
        output.Release();
        output.Flush();
    }

    /// <summary>Keeps what is written until <see cref="Release"/>, then passes every write straight on.</summary>
    private sealed class HoldingStream(Stream inner) : Stream
    {
        private MemoryStream? _held = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Release()
        {
            if (_held is not null)
            {
                _held.WriteTo(inner);
                _held = null;
                inner.Flush();
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_held is not null)
            {
                _held.Write(buffer);
            }
            else
            {
                inner.Write(buffer);
            }
        }

        public override void Flush()
        {
            if (_held is null)
            {
                inner.Flush();
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void WriteRuns(
        Utf8JsonWriter w,
        List<PlannedRun> batch,
        int firstOrdinal,
        Dictionary<int, List<(int Experiment, int Index)>> sharers,
        IReadOnlyList<ExperimentSource> experiments,
        Func<IReadOnlyList<string>, IReadOnlyDictionary<string, RunStatus>> status)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var recorded = status(batch.Select(r => r.Id).ToList());
        for (int i = 0; i < batch.Count; i++)
        {
            var run = batch[i];
            IEnumerable<string> points = sharers.TryGetValue(firstOrdinal + i, out var more)
                ? run.Points.Concat(more.Select(p => $"{experiments[p.Experiment].Name}#{p.Index}"))
                : run.Points;
            WriteRun(w, run, points, recorded.TryGetValue(run.Id, out var s) ? s : RunStatus.Pending);
            FlushIfFull(w);
        }

        batch.Clear();
    }

    private static void FlushIfFull(Utf8JsonWriter w)
    {
        if (w.BytesPending >= FlushBytes)
        {
            w.Flush();
        }
    }

    internal static void StartExperiment(Utf8JsonWriter w, ExperimentSource experiment)
    {
        w.WriteStartObject();
        w.WriteString("name", experiment.Name);
        w.WriteString("directory", experiment.Directory);
        w.WriteStartArray("points");
    }

    internal static void EndExperiment(Utf8JsonWriter w)
    {
        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void WritePoint(Utf8JsonWriter w, PlannedPoint p)
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

    internal static void WriteRun(Utf8JsonWriter w, PlannedRun run, IEnumerable<string> points, RunStatus status)
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

        w.WriteString("status", PlanPrinter.StatusText(status));
        w.WriteStartArray("points");
        foreach (var p in points)
        {
            w.WriteStringValue(p);
        }

        w.WriteEndArray();
        w.WritePropertyName("identity");
        w.WriteRawValue(run.ConfigJson);
        w.WriteEndObject();
    }
}
