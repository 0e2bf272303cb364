using Dapper;
using Microsoft.Data.Sqlite;

namespace OfaExp.Storage;

public sealed partial class RunStore
{
    /// <summary>
    /// Replaces the recorded sweep of <paramref name="experiment"/> with <paramref name="points"/> in one
    /// transaction, so an edited grid leaves no stale points behind. Leaf runs must be planned already.
    /// </summary>
    public void RecordSweepPoints(string experiment, IReadOnlyList<SweepPoint> points)
    {
        if (points.FirstOrDefault(p => !string.Equals(p.Experiment, experiment, StringComparison.Ordinal)) is { } stray)
        {
            throw new ArgumentException(
                $"Sweep point {stray.Index} belongs to experiment '{stray.Experiment}', not '{experiment}'.",
                nameof(points));
        }

        Guarded(() =>
        {
            using var transaction = _connection.BeginTransaction();
            _connection.Execute("DELETE FROM sweep_points WHERE experiment = @experiment", new { experiment }, transaction);
            try
            {
                _connection.Execute(
                    "INSERT INTO sweep_points (experiment, point_index, point_json, leaf_run_id) " +
                    "VALUES (@Experiment, @Index, @PointJson, @LeafRunId)",
                    points,
                    transaction);
            }
            catch (SqliteException e) when (IsConstraintViolation(e))
            {
                throw new InvalidOperationException(
                    $"Cannot record the sweep of '{experiment}' in {Path}: a point repeats an index or names a leaf run " +
                    "that is not planned. Nothing was recorded.",
                    e);
            }

            transaction.Commit();
        });
    }

    /// <summary>The recorded sweep of <paramref name="experiment"/> by point index.</summary>
    public IReadOnlyList<SweepPoint> SweepPoints(string experiment)
    {
        return Guarded(() =>
        {
            return _connection
                .Query<(string Experiment, long Index, string PointJson, string LeafRunId)>(
                    "SELECT experiment, point_index, point_json, leaf_run_id FROM sweep_points " +
                    "WHERE experiment = @experiment ORDER BY point_index",
                    new { experiment })
                .Select(r => new SweepPoint(r.Experiment, checked((int)r.Index), r.PointJson, r.LeafRunId))
                .ToList();
        });
    }
}
