using System.Globalization;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>
/// What a table row is built from: a run (metrics tables) or one subnet evaluation of a run (subnets tables).
/// Resolves row keys, adding the evaluation's own keys to the run's.
/// </summary>
internal sealed record TableItem(RunView View, SubnetEvaluation? Evaluation)
{
    public string Key(string key) => (key, Evaluation) switch
    {
        (TableKeys.Subnet, { } e) => e.Name,
        (TableKeys.Resolution, { } e) => e.Resolution.ToString(CultureInfo.InvariantCulture),
        (TableKeys.Exit, { } e) => e.Exit.ToString(CultureInfo.InvariantCulture),
        (TableKeys.Arch, { } e) => e.Architecture,
        _ => View.Key(key),
    };
}
