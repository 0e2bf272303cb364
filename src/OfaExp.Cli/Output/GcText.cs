using System.Globalization;
using System.Text;
using OfaExp.Core.Hashing;
using OfaExp.Storage.Gc;

namespace OfaExp.Cli.Output;

/// <summary>gc's report: one line per checkpoint or file deleted, then the total freed.</summary>
public static class GcText
{
    public static string Render(GcPlan plan, bool dryRun)
    {
        var sb = new StringBuilder();
        var freed = plan.Files.Select(f => f.Sha256).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var row in plan.Checkpoints)
        {
            var a = row.Artifact;
            // Another row holding the same bytes keeps the file, so removing this row frees nothing.
            var note = freed.Contains(a.Sha256) ? "" : "  (file kept: another row uses it, or it is missing)";
            sb.Append(CultureInfo.InvariantCulture, $"{RunIdentity.Short(a.RunId),-12}  {a.Kind,-12}  epoch {a.Epoch + 1,-5}{a.Bytes,15:N0} bytes{note}\n");
        }

        var checkpointHashes = plan.Checkpoints.Select(c => c.Artifact.Sha256).ToHashSet(StringComparer.Ordinal);
        foreach (var file in plan.Files.Where(f => f.Sha256 is null || !checkpointHashes.Contains(f.Sha256)))
        {
            var (name, kind) = file.Sha256 is { } sha256 ? (RunIdentity.Short(sha256), "unreferenced") : (file.RelativePath, "temporary");
            sb.Append(CultureInfo.InvariantCulture, $"{name,-12}  {kind,-12}  {"",-11}{file.Bytes,15:N0} bytes\n");
        }

        var count = plan.Files.Count;
        var bytes = plan.FreedBytes;
        sb.Append(CultureInfo.InvariantCulture,
            $"{count} file{(count == 1 ? "" : "s")}, {bytes / 1e6:F2} MB ({bytes:N0} bytes) {(dryRun ? "would be freed" : "freed")}\n");
        return sb.ToString();
    }
}
