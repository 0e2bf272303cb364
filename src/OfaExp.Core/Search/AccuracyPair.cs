using System.Globalization;
using System.Text;
using OfaExp.Core.Subnets;

namespace OfaExp.Core.Search;

/// <summary>
/// One measured point of an accuracy data set: a subnet (its resolution included) and its validation top-1 (percent)
/// and loss after BN recalibration. The data set's artifact is these pairs as tab-separated text, one per line in
/// sampling order, numbers in round-trip invariant form, so it is byte-identical wherever the pairs are.
/// </summary>
public sealed record AccuracyPair(SubnetConfig Subnet, double Top1, double Loss)
{
    private const string Header = "architecture\ttop1\tloss";

    public static byte[] Write(IEnumerable<AccuracyPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var sb = new StringBuilder(Header).Append('\n');
        foreach (var p in pairs)
        {
            sb.Append(p.Subnet).Append('\t')
              .Append(p.Top1.ToString("R", CultureInfo.InvariantCulture)).Append('\t')
              .Append(p.Loss.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <exception cref="FormatException">The bytes are not an accuracy data set.</exception>
    public static IReadOnlyList<AccuracyPair> Read(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || lines[0] != Header)
        {
            throw new FormatException("Not an accuracy data set: the header line 'architecture, top1, loss' is missing.");
        }

        var pairs = new List<AccuracyPair>(lines.Length - 1);
        for (var i = 1; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            if (fields.Length != 3
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var top1)
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var loss))
            {
                throw new FormatException($"Not an accuracy data set: line {i + 1} is not 'architecture<TAB>top1<TAB>loss'.");
            }

            pairs.Add(new AccuracyPair(SubnetConfig.Parse(fields[0]), top1, loss));
        }

        return pairs;
    }
}
