using Microsoft.Data.Sqlite;

namespace OfaExp.Storage.Gc;

/// <summary>
/// Deletes what <see cref="GcSelection"/> chooses: checkpoint rows first, then files. A crash in between leaves files
/// that no row references, which the next gc removes; it never leaves a row naming a missing file.
/// </summary>
public sealed class GarbageCollector
{
    private readonly RunStore _store;
    private readonly ArtifactStore _artifacts;
    private readonly TimeProvider _clock;
    private readonly Func<StoredFile, bool> _delete;

    public GarbageCollector(RunStore store, ArtifactStore artifacts, TimeProvider? clock = null)
        : this(store, artifacts, clock ?? TimeProvider.System, artifacts.Delete)
    {
    }

    /// <param name="delete">Removes one file (tests make it fail part-way to stand for a crash).</param>
    internal GarbageCollector(RunStore store, ArtifactStore artifacts, TimeProvider clock, Func<StoredFile, bool> delete)
    {
        _store = store;
        _artifacts = artifacts;
        _clock = clock;
        _delete = delete;
    }

    /// <summary>What <see cref="Collect"/> would delete; changes nothing, so the store may be opened read-only.</summary>
    public GcPlan Plan(int? keepLastCheckpoints) =>
        _store.Exclusively(write: false, transaction => Select(transaction, keepLastCheckpoints));

    /// <summary>Deletes the chosen checkpoint rows, then the files no row references; returns what was deleted.</summary>
    public GcPlan Collect(int? keepLastCheckpoints)
    {
        var plan = _store.Exclusively(write: true, transaction =>
        {
            var chosen = Select(transaction, keepLastCheckpoints);
            _store.DeleteArtifactRows(chosen.Checkpoints.Select(c => c.RowId), transaction);
            return chosen;
        });

        // The lock is released between the steps, so check again: a run claimed since then makes this step refuse
        // (leaving its files to the next gc), and a row recorded since then keeps its file.
        var deleted = _store.Exclusively(write: true, transaction =>
        {
            var referenced = _store.ReferencedHashes(transaction);
            var removed = new List<StoredFile>();
            foreach (var file in plan.Files)
            {
                if ((file.Sha256 is null || !referenced.Contains(file.Sha256)) && _delete(file))
                {
                    removed.Add(file);
                }
            }

            return removed;
        });
        return plan with { Files = deleted };
    }

    private GcPlan Select(SqliteTransaction transaction, int? keepLastCheckpoints) =>
        GcSelection.Select(
            _store.ArtifactRows(transaction),
            _store.GcRuns(transaction),
            _artifacts.List(),
            keepLastCheckpoints,
            _clock.GetUtcNow());
}
