using System.Text.Json;
using OfaExp.Core.Hashing;
using OfaExp.Core.Runs;

namespace OfaExp.Reports;

/// <summary>A recorded run with its config parsed once, resolving the row keys a table or filter names.</summary>
internal sealed class RunView
{
    public RunView(RecordedRun recorded)
    {
        Recorded = recorded;
        Config = RunConfig.Parse(recorded.Run);
    }

    public RecordedRun Recorded { get; }

    public RunConfig Config { get; }

    public string ShortId => RunIdentity.Short(Recorded.Run.Id);

    /// <summary>True for a built-in key or a config path among the run's identity inputs.</summary>
    public bool Reads(string key) =>
        key is RowKeys.Phase or RowKeys.Experiment or RowKeys.Run or RowKeys.Parent || Config.Inputs.ContainsKey(key);

    /// <summary>The cell for <paramref name="key"/>; a config path the run did not read gives an empty cell.</summary>
    public string Key(string key) => key switch
    {
        RowKeys.Phase => Recorded.Run.Phase,
        RowKeys.Experiment => Recorded.Run.Experiment,
        RowKeys.Run => ShortId,
        RowKeys.Parent => Recorded.Run.ParentId is { } parent ? RunIdentity.Short(parent) : string.Empty,
        _ => Config.Inputs.TryGetValue(key, out JsonElement value) ? JsonValueText.Cell(value) : string.Empty,
    };
}
