using Dapper;
using OfaExp.Core.Errors;
using OfaExp.Core.Runs;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>Run <paramref name="id"/> (a full id) with its metrics and evaluations, whatever its status.</summary>
    public RecordedRun Recorded(string id)
    {
        var run = Find(id) ?? throw new OfaExpException(
            $"No run with id {id} in {Path}. List the runs with 'ofaexp status', and check that --db points at the right database.");
        return new RecordedRun(run, Metrics(id), Evaluations(id));
    }

    /// <summary>The finished (done) runs of <paramref name="experiment"/> with their metrics and evaluations, in planning order.</summary>
    public IReadOnlyList<RecordedRun> RecordedForExperiment(string experiment)
    {
        var runs = Guarded(() =>
        {
            return _connection
                .Query<RunRow>(
                    $"SELECT {RunRow.Columns} FROM runs WHERE experiment = @experiment AND status = 'done' ORDER BY seq",
                    new { experiment })
                .Select(r => r.ToRecord())
                .ToList();
        });

        return runs.Select(r => new RecordedRun(r, Metrics(r.Id), Evaluations(r.Id))).ToList();
    }
}
