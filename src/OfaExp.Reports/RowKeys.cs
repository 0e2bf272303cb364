using System.Text.RegularExpressions;

namespace OfaExp.Reports;

/// <summary>The keys a table row or a <c>where</c> filter may name.</summary>
internal static partial class RowKeys
{
    public const string Phase = "phase";
    public const string Experiment = "experiment";
    public const string Run = "run";
    public const string Parent = "parent";

    public const string Description =
        "phase, experiment, run, parent, or a dotted config path of the run's inputs (e.g. seed, phases.full.lr)";

    public static bool IsValid(string key) => ConfigPath().IsMatch(key);

    // Built-in names are plain identifiers, so they match the config path pattern too.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigPath();
}
