using System.Globalization;
using OfaExp.Core.Runs;
using OfaExp.Core.Tables;

namespace OfaExp.Reports;

/// <summary>
/// What a table row is built from: a run (metrics tables) or one subnet evaluation of a run (subnets tables), seen
/// from one lineage (sweep point) that contains the run when the plan's points are known. Resolves row keys: the
/// evaluation's own keys, then the run's, then, for a config path the run did not read, the lineage's setting.
/// </summary>
/// <param name="EvaluationIndex">The evaluation's position in the run's recording order; -1 for a run item.</param>
/// <param name="Final">Whether the run is the last phase of the lineage (see <see cref="TableKeys.Final"/>).</param>
internal sealed record TableItem(RunView View, SubnetEvaluation? Evaluation, int EvaluationIndex, TableLineage? Lineage, bool Final)
{
    public TableItem(RunView view, SubnetEvaluation? evaluation)
        : this(view, evaluation, -1, null, false)
    {
    }

    public string Key(string key) => (key, Evaluation) switch
    {
        (TableKeys.Subnet, { } e) => e.Name,
        (TableKeys.Resolution, { } e) => e.Resolution.ToString(CultureInfo.InvariantCulture),
        (TableKeys.Exit, { } e) => e.Exit.ToString(CultureInfo.InvariantCulture),
        (TableKeys.Arch, { } e) => e.Architecture,
        (TableKeys.Final, _) => Final ? "true" : "false",
        _ when View.Reads(key) || Lineage is null => View.Key(key),
        _ => Lineage.Setting(key),
    };
}
