using System.Globalization;
using System.Text;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Execution;

/// <summary>
/// The digest of what a run produced: its recorded metrics (sorted, round-trip formatted) and its final weights'
/// hash. Same run id on the same machine must give the same digest; that is the determinism contract.
/// </summary>
public static class ResultDigest
{
    public static string Compute(IEnumerable<MetricPoint> metrics, string modelSha256)
    {
        var sb = new StringBuilder();
        foreach (var m in metrics.OrderBy(m => m.Epoch).ThenBy(m => m.Step).ThenBy(m => m.Name, StringComparer.Ordinal))
        {
            sb.Append(m.Epoch.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(m.Step.ToString(CultureInfo.InvariantCulture)).Append('\t')
              .Append(m.Name).Append('\t')
              .Append(m.Value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        sb.Append("model\t").Append(modelSha256).Append('\n');
        return RunIdentity.Sha256Hex(sb.ToString());
    }
}
