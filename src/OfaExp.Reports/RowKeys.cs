using System.Text.RegularExpressions;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>The keys a table row or a <c>where</c> filter may name.</summary>
internal static partial class RowKeys
{
    public const string Phase = TableKeys.Phase;
    public const string Experiment = TableKeys.Experiment;
    public const string Run = TableKeys.Run;
    public const string Parent = TableKeys.Parent;

    public const string Description =
        "phase, experiment, run, parent, final (true for the last phase of a lineage), in subnets tables also subnet, resolution, exit, arch, or a dotted config "
        + "path (e.g. seed, phases.full.lr, supernet.exits, teacher.selection)";

    public static bool IsValid(string key) => ConfigPath().IsMatch(key);

    /// <summary>True for a subnet-evaluation key used by a table whose source has no evaluations.</summary>
    public static bool IsMisplaced(string key, TableSource source) =>
        source != TableSource.Subnets && TableKeys.SubnetKeys.Contains(key);

    // Built-in names are plain identifiers, so they match the config path pattern too.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigPath();
}
