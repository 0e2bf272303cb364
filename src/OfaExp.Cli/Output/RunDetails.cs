using System.Globalization;
using System.Text;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;
using OfaExp.Reports;
using OfaExp.Storage;

namespace OfaExp.Cli.Output;

/// <summary>Renders `ofaexp show`: provenance, lineage, resolved config, metrics and artifacts of one run.</summary>
public static class RunDetails
{
    public static string Render(RunStore store, string id)
    {
        var run = store.Find(id)!;
        var sb = new StringBuilder();
        void Field(string name, string? value) => sb.Append(name.PadRight(14)).Append(value ?? "-").Append('\n');

        sb.Append("run ").Append(run.Id).Append('\n');
        Field("experiment", run.Experiment);
        Field("phase", run.Phase);
        Field("status", $"{PlanPrinter.StatusText(run.Status)} (attempts {run.Attempts})" + (run.Error is null ? "" : $": {run.Error}"));
        Field("parent", run.ParentId);
        Field("teacher", TeacherOf(run.ConfigJson));
        Field("host", run.Host is null ? null : $"{run.Host} (pid {run.Pid})");
        Field("device", run.Device);
        Field("hardware", RunComparisonText.Hardware(run.Hardware));
        Field("tool version", run.ToolVersion);
        Field("git commit", run.GitCommit);
        Field("created", Time(run.CreatedAt));
        Field("started", Time(run.StartedAt));
        Field("finished", Time(run.FinishedAt));
        Field("result digest", run.ResultDigest);

        sb.Append("\nlineage (oldest first):\n");
        var lineage = new List<RunRecord>();
        for (var at = run; at is not null; at = at.ParentId is null ? null : store.Find(at.ParentId))
        {
            lineage.Insert(0, at);
        }

        foreach (var r in lineage)
        {
            sb.Append("  ").Append(RunIdentity.Short(r.Id)).Append("  ").Append(r.Phase.PadRight(10)).Append(PlanPrinter.StatusText(r.Status).PadRight(9)).Append(r.Experiment).Append('\n');
        }

        sb.Append("\nidentity (what the run id hashes):\n");
        var identity = RunIdentityDocument.Parse(run.ConfigJson);
        foreach (var (name, json) in identity.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Concat(identity.Inputs.OrderBy(i => i.Key, StringComparer.Ordinal)))
        {
            sb.Append("  ").Append(name).Append(" = ").Append(json).Append('\n');
        }

        var metrics = store.Metrics(id);
        var epochMetrics = metrics.Where(m => m.Step == -1).GroupBy(m => m.Name).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        sb.Append("\nmetrics (epoch level: last, best, epochs):\n");
        if (epochMetrics.Count == 0)
        {
            sb.Append("  none recorded\n");
        }

        foreach (var g in epochMetrics)
        {
            var best = g.Key.Contains("loss", StringComparison.Ordinal) ? g.Min(m => m.Value) : g.Max(m => m.Value);
            sb.Append(CultureInfo.InvariantCulture, $"  {g.Key,-14}{g.OrderBy(m => m.Epoch).Last().Value,12:F4}{best,12:F4}{g.Count(),8}\n");
        }

        var steps = metrics.Count(m => m.Step >= 0);
        if (steps > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  ({steps} per-step values)\n");
        }

        AppendEvaluations(sb, store.Evaluations(id));

        sb.Append("\nartifacts:\n");
        var artifacts = store.Artifacts(id);
        if (artifacts.Count == 0)
        {
            sb.Append("  none\n");
        }

        static string Label(ArtifactRecord a) => a.Epoch is { } e ? $"{a.Kind} (epoch {e + 1})" : a.Export is { } x ? $"{a.Kind} ({x.Format})" : a.Kind;
        var width = artifacts.Select(a => Label(a).Length + 2).Append(22).Max(); // "mid-epoch-checkpoint (epoch 12)" is longer than most
        foreach (var a in artifacts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  {Label(a).PadRight(width)}{RunIdentity.Short(a.Sha256)}  {a.Bytes,12:N0} bytes  store/{a.Path}\n");
            if (a.Export is { } export)
            {
                // The subnet string carries its resolution (r...), which the export's input size always equals.
                sb.Append("    subnet ").Append(export.Subnet).Append('\n');
            }
        }

        return sb.ToString();
    }

    // The teacher is part of the identity (only distilling runs have one), so `show` reads it from there.
    private static string? TeacherOf(string configJson) => RunIdentityDocument.Parse(configJson).Teacher;

    private static void AppendEvaluations(StringBuilder sb, IReadOnlyList<SubnetEvaluation> evaluations)
    {
        if (evaluations.Count == 0)
        {
            return;
        }

        sb.Append("\nsubnet evaluations (top-1/top-5 in % on validation, TEST-TOP1 on the test split, MFLOPs, params in M, latency in ms):\n");
        var rows = new List<string[]> { new[] { "SUBNET", "RES", "EXIT", "TOP1", "TOP5", "LOSS", "TEST-TOP1", "MFLOPS", "PARAMS", "LATENCY", "ARCH" } };
        rows.AddRange(evaluations.Select(e => new[]
        {
            e.Name.Length == 0 ? "-" : e.Name,
            e.Resolution.ToString(CultureInfo.InvariantCulture),
            e.Exit.ToString(CultureInfo.InvariantCulture),
            e.Top1.ToString("F2", CultureInfo.InvariantCulture),
            e.Top5.ToString("F2", CultureInfo.InvariantCulture),
            e.Loss.ToString("F4", CultureInfo.InvariantCulture),
            e.TestTop1 is { } test ? test.ToString("F2", CultureInfo.InvariantCulture) : "-",
            (e.Flops / 1e6).ToString("F1", CultureInfo.InvariantCulture),
            (e.Params / 1e6).ToString("F2", CultureInfo.InvariantCulture),
            e.LatencyMs is { } ms ? ms.ToString("F2", CultureInfo.InvariantCulture) : "-",
            e.Architecture,
        }));
        PlanPrinter.Align(sb, rows, "  ");
    }

    private static string? Time(DateTimeOffset? t) => t?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
